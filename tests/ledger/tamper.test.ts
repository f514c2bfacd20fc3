import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { CompactSign, generateKeyPair } from 'jose';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, verifyLedger, loadLedgerSigner, createCheckpoint, type LedgerWriter } from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';
import { hashRecord } from '../../ledger/hash.js';
import { insertEvents, listRecordsBySeqRange } from '../../ledger/store/events.js';

/**
 * Tampering is done as the privileged path an attacker with superuser rights would take:
 * `session_replication_role = replica` disables the append-only triggers for that session only.
 * Each tamper runs on a fresh database so each break is located alone.
 */
async function privileged(db: TestDatabase, sql: string, values: unknown[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    await c.query(sql, values);
  } finally {
    await c.end();
  }
}

async function seeded(events = 20): Promise<{ db: TestDatabase; writer: LedgerWriter }> {
  const db = await createTestDatabase();
  const clock = manualClock();
  const writer = createLedgerWriter({ pool: db.pool, chainId: 'gw-tamper', clock });
  for (let i = 0; i < events; i++) await writer.append(servedEvent(i));
  await createCheckpoint(db.pool, await loadLedgerSigner(db.pool), clock);
  return { db, writer };
}

const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

async function tampered(sql: string, values: unknown[] = []) {
  const { db, writer } = await seeded();
  dbs.push(db);
  await writer.close();
  expect((await verifyLedger(db.pool)).ok).toBe(true);
  await privileged(db, sql, values);
  return verifyLedger(db.pool);
}

describe('ledger verifier: every tampering is detected at its (chain, seq)', () => {
  test('a changed field', async () => {
    const r = await tampered(`UPDATE ledger_events SET consumer_siret = '22330001300016' WHERE chain_id = 'gw-tamper' AND seq = 7`);
    expect(r.ok).toBe(false);
    expect(r.firstBreak).toMatchObject({ kind: 'hash_mismatch', chainId: 'gw-tamper', seq: 7 });
  });

  test('a changed field whose hash is recomputed is caught by the link and the checkpoint', async () => {
    const { db, writer } = await seeded();
    dbs.push(db);
    await writer.close();
    await privileged(db, `UPDATE ledger_events SET hash = repeat('a', 64) WHERE chain_id = 'gw-tamper' AND seq = 20`);
    const r = await verifyLedger(db.pool);
    expect(r.breaks.map((b) => [b.kind, b.seq])).toEqual(
      expect.arrayContaining([
        ['hash_mismatch', 20],
        ['checkpoint_mismatch', 20],
      ]),
    );
  });

  test('a deleted row', async () => {
    const r = await tampered(`DELETE FROM ledger_events WHERE chain_id = 'gw-tamper' AND seq = 5`);
    expect(r.firstBreak).toMatchObject({ kind: 'missing', chainId: 'gw-tamper', seq: 5 });
  });

  test('deleted rows at the end of the chain (below a checkpoint)', async () => {
    const r = await tampered(`DELETE FROM ledger_events WHERE chain_id = 'gw-tamper' AND seq >= 18`);
    expect(r.firstBreak).toMatchObject({ kind: 'missing', chainId: 'gw-tamper', seq: 18 });
  });

  test('a row moved to a huge seq: located, and the walk does not crawl the empty range', async () => {
    const t0 = Date.now();
    const r = await tampered(`UPDATE ledger_events SET seq = 1000000000000 WHERE chain_id = 'gw-tamper' AND seq = 20`);
    expect(r.firstBreak).toMatchObject({ chainId: 'gw-tamper', seq: 20 });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  test('two swapped rows', async () => {
    const r = await tampered(`
      UPDATE ledger_events SET seq = 100009 WHERE chain_id = 'gw-tamper' AND seq = 9;
      UPDATE ledger_events SET seq = 9 WHERE chain_id = 'gw-tamper' AND seq = 10;
      UPDATE ledger_events SET seq = 10 WHERE chain_id = 'gw-tamper' AND seq = 100009;`);
    expect(r.firstBreak).toMatchObject({ chainId: 'gw-tamper', seq: 9 });
    expect(['broken_link', 'hash_mismatch']).toContain(r.firstBreak!.kind);
  });

  test('an inserted row with a valid hash and link (later rows shifted): caught at the next row and by the checkpoint', async () => {
    const { db, writer } = await seeded();
    dbs.push(db);
    await writer.close();
    await privileged(
      db,
      `UPDATE ledger_events SET seq = seq + 1000 WHERE chain_id = 'gw-tamper' AND seq > 12;
      UPDATE ledger_events SET seq = seq - 999 WHERE chain_id = 'gw-tamper' AND seq > 1000;`,
    );
    const previous = (await listRecordsBySeqRange(db.pool, 'gw-tamper', 12, 12))[0]!;
    const { hash: _h, ...base } = previous;
    const forged = { ...base, id: randomUUID(), seq: 13, prev_hash: previous.hash, consumer_siret: '22330001300016' };
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await insertEvents(c, [{ ...forged, hash: hashRecord(forged) }]);
    await c.end();
    const r = await verifyLedger(db.pool);
    expect(r.firstBreak).toMatchObject({ chainId: 'gw-tamper', seq: 14 });
    expect(r.breaks.some((b) => b.kind === 'checkpoint_mismatch' && b.seq === 20)).toBe(true);
  });

  test('a forged row inserted in a gap of the chain', async () => {
    const { db, writer } = await seeded(10);
    dbs.push(db);
    await writer.close();
    await privileged(db, `DELETE FROM ledger_events WHERE chain_id = 'gw-tamper' AND seq = 4`);
    await privileged(
      db,
      `INSERT INTO ledger_events SELECT chain_id, 4, prev_hash, hash, gen_random_uuid(), type, occurred_at, recorded_at, actor,
      '22330001300016', client_id, contract_id, contract_version, producer_siret, api_slug, endpoint, fields, data_elements, subject_ref,
      subject_kind, recipient, context, object, legal_basis, outcome, problem_code, status, latency_ms, body_sha256, detail
      FROM ledger_events WHERE chain_id = 'gw-tamper' AND seq = 3`,
    );
    const r = await verifyLedger(db.pool);
    expect(r.firstBreak).toMatchObject({ chainId: 'gw-tamper', seq: 4 });
  });

  test('a forged checkpoint (payload changed, signature kept)', async () => {
    const { db, writer } = await seeded();
    dbs.push(db);
    await writer.close();
    const { rows } = await db.pool.query<{ id: string; jws: string }>('SELECT id, jws FROM ledger_checkpoints ORDER BY id DESC LIMIT 1');
    const [h, p, s] = rows[0]!.jws.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), heads: [] })).toString(
      'base64url',
    );
    await privileged(db, 'UPDATE ledger_checkpoints SET jws = $1 WHERE id = $2', [`${h}.${forgedPayload}.${s}`, rows[0]!.id]);
    const r = await verifyLedger(db.pool);
    expect(r.firstBreak).toMatchObject({ kind: 'checkpoint_invalid', checkpointId: Number(rows[0]!.id), chainId: 'gw-tamper', seq: 20 });
  });

  test('a forged checkpoint (signed by a key Datapedia does not hold, same kid)', async () => {
    const { db, writer } = await seeded();
    dbs.push(db);
    await writer.close();
    const { rows } = await db.pool.query<{ id: string; jws: string }>('SELECT id, jws FROM ledger_checkpoints ORDER BY id DESC LIMIT 1');
    const [h, p] = rows[0]!.jws.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as { kid: string };
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new CompactSign(Buffer.from(p!, 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: header.kid })
      .sign(privateKey);
    await privileged(db, 'UPDATE ledger_checkpoints SET jws = $1 WHERE id = $2', [forged, rows[0]!.id]);
    const r = await verifyLedger(db.pool);
    expect(r.firstBreak).toMatchObject({ kind: 'checkpoint_invalid', checkpointId: Number(rows[0]!.id) });
  });

  test('a forged checkpoint head (denormalised heads changed)', async () => {
    const r = await tampered(`UPDATE ledger_checkpoint_heads SET seq = 3 WHERE chain_id = 'gw-tamper'`);
    expect(r.breaks.some((b) => b.kind === 'checkpoint_invalid')).toBe(true);
  });

  test('two chains: a break in one is reported in that chain only', async () => {
    const { db, writer } = await seeded(10);
    dbs.push(db);
    const other = createLedgerWriter({ pool: db.pool, chainId: 'gw-other', clock: manualClock() });
    for (let i = 0; i < 10; i++) await other.append(servedEvent(i));
    await Promise.all([writer.close(), other.close()]);
    await privileged(db, `UPDATE ledger_events SET context = 'altéré' WHERE chain_id = 'gw-other' AND seq = 3`);
    const r = await verifyLedger(db.pool);
    expect(r.breaks.map((b) => [b.chainId, b.seq])).toEqual([['gw-other', 3]]);
  });
});
