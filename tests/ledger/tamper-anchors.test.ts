import pg from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  openLedger,
  verifyLedger,
  loadLedgerSigner,
  listLedgerKeys,
  createCheckpoint,
  startWitnessServer,
  rotateLedgerKey,
  createLedgerWriter,
  type Ledger,
  type LedgerPublicKey,
  type WitnessConfig,
  type VerifyReport,
  type CheckpointPayload,
} from '../../ledger/index.js';
import { hashRecord } from '../../ledger/hash.js';
import { insertEvents, listRecordsBySeqRange } from '../../ledger/store/events.js';
import { servedEvent } from './fixtures.js';

/**
 * Tampering as an attacker with full write access to PostgreSQL (superuser:
 * `session_replication_role = replica` disables the append-only triggers), against a ledger
 * whose keys are pinned in configuration and whose checkpoints two witnesses co-signed.
 */
async function privileged(url: string, sql: string, values: unknown[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    await c.query(sql, values);
  } finally {
    await c.end();
  }
}

interface World {
  db: TestDatabase;
  pinned: LedgerPublicKey[];
  witnesses: WitnessConfig[];
  ledger: Ledger;
  verify(pool?: pg.Pool): Promise<VerifyReport>;
}
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c().catch(() => undefined)));
}, 120_000);

/** A ledger of 20 events on `gw-tamper` (a checkpoint every 5, one at close), keys pinned, two in-process witnesses. */
async function world(opts: { events?: number; close?: boolean } = {}): Promise<World> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  await loadLedgerSigner(db.pool);
  const pinned = await listLedgerKeys(db.pool);
  const dir = await mkdtemp(join(tmpdir(), 'dp-tamper-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const witnesses: WitnessConfig[] = [];
  for (const name of ['temoin-a', 'temoin-b']) {
    const s = await startWitnessServer({
      name,
      port: 0,
      statePath: join(dir, `${name}.json`),
      keyPath: join(dir, `${name}.key`),
      logKeys: pinned,
    });
    cleanups.push(() => s.close());
    witnesses.push({ name, url: s.url, key: s.witness.publicKey });
  }
  const failures: unknown[] = [];
  const ledger = await openLedger({
    pool: db.pool,
    clock: manualClock(),
    chainId: 'gw-tamper',
    checkpointEvery: { events: 1000, ms: 60_000 },
    witnesses,
    onWitness: (r) => failures.push(...r.filter((x) => !x.ok)),
    onError: (e) => failures.push(e),
  });
  for (let i = 0; i < (opts.events ?? 20); i++) {
    await ledger.writer.append(servedEvent(i));
    if (i % 5 === 4) await ledger.writer.checkpointNow();
  }
  if (opts.close !== false) await ledger.close();
  expect(failures).toEqual([]);
  const verify = (pool = db.pool) => verifyLedger(pool, { pinnedKeys: pinned, witnesses, quorum: 2 });
  expect((await verify()).breaks).toEqual([]);
  return { db, pinned, witnesses, ledger, verify };
}

const LEDGER_TABLES = [
  'ledger_events',
  'ledger_chains',
  'ledger_keys',
  'ledger_checkpoints',
  'ledger_checkpoint_heads',
  'ledger_merkle_nodes',
  'ledger_cosignatures',
];

/** Takes a backup of the ledger tables now; the returned function restores it over the live ones. */
async function backup(db: TestDatabase): Promise<() => Promise<void>> {
  for (const t of LEDGER_TABLES) await db.pool.query(`CREATE TABLE bk_${t} AS SELECT * FROM ${t}`);
  return () =>
    privileged(
      db.url,
      [...LEDGER_TABLES]
        .reverse()
        .map((t) => `DELETE FROM ${t};`)
        .join(' ') + LEDGER_TABLES.map((t) => `INSERT INTO ${t} SELECT * FROM bk_${t};`).join(' '),
    );
}

const kinds = (r: VerifyReport) => r.breaks.map((b) => b.kind);

describe('tamper-evident beyond the database: each tamper detected at its place', () => {
  test("a chain's tail deleted with the checkpoints that anchored it: the witnesses name the missing checkpoint", async () => {
    const w = await world();
    const { rows } = await w.db.pool.query<{ n: string }>('SELECT max(number) AS n FROM ledger_checkpoints');
    const latest = Number(rows[0]!.n);
    await privileged(
      w.db.url,
      `DELETE FROM ledger_events WHERE seq > 12;
      DELETE FROM ledger_checkpoint_heads WHERE checkpoint_id IN (SELECT id FROM ledger_checkpoints WHERE number > 2);
      DELETE FROM ledger_checkpoints WHERE number > 2; DELETE FROM ledger_cosignatures WHERE checkpoint_number > 2`,
    );
    const r = await w.verify();
    expect(r.ok).toBe(false);
    expect(r.breaks.filter((b) => b.kind === 'witness_mismatch').map((b) => [b.witness, b.checkpointNumber])).toEqual([
      ['temoin-a', latest],
      ['temoin-b', latest],
    ]);
    // Without witnesses, nothing outside the database remembers the tail: say so.
    const alone = await verifyLedger(w.db.pool, { pinnedKeys: w.pinned });
    expect(alone.warnings.join()).toMatch(/aucun témoin/);
  });

  test('a key inserted in ledger_keys and the history re-signed with it: unknown key, every re-signed checkpoint invalid', async () => {
    const w = await world();
    await privileged(
      w.db.url,
      `DELETE FROM ledger_checkpoint_heads; DELETE FROM ledger_checkpoints; DELETE FROM ledger_cosignatures; DELETE FROM ledger_merkle_nodes;
      UPDATE ledger_keys SET retired_at = now()`,
    );
    const forged = await loadLedgerSigner(w.db.pool);
    await createCheckpoint(w.db.pool, forged, manualClock());
    const r = await w.verify();
    expect(r.breaks.find((b) => b.kind === 'unknown_key')?.message).toContain(forged.kid);
    expect(r.breaks.find((b) => b.kind === 'checkpoint_invalid')).toMatchObject({ checkpointNumber: 1 });
    expect(r.breaks.filter((b) => b.kind === 'witness_mismatch').map((b) => b.witness)).toEqual(['temoin-a', 'temoin-b']);
  });

  test('a key rotation signed by the previous key is trusted without changing the pinned configuration', async () => {
    const w = await world({ events: 3 });
    await rotateLedgerKey(w.db.pool);
    const ledger = await openLedger({
      pool: w.db.pool,
      clock: manualClock(),
      chainId: 'gw-rotated',
      checkpointEvery: { events: 5, ms: 60_000 },
      witnesses: w.witnesses,
    });
    await ledger.writer.append(servedEvent(99));
    await ledger.close();
    const r = await verifyLedger(w.db.pool, { pinnedKeys: w.pinned });
    expect(r.breaks).toEqual([]);
  });

  test('a fabricated, correctly linked event appended at the head of a closed chain', async () => {
    const w = await world();
    const head = (await listRecordsBySeqRange(w.db.pool, 'gw-tamper', 20, 20))[0]!;
    const { hash: _h, ...base } = head;
    const forged = { ...base, id: randomUUID(), seq: 21, prev_hash: head.hash, consumer_siret: '22330001300016' };
    const c = new pg.Client({ connectionString: w.db.url });
    await c.connect();
    await insertEvents(c, [{ ...forged, hash: hashRecord(forged) }]);
    await c.end();
    // The operator's checkpoint command does not sign it either: the chain was closed by its writer.
    await createCheckpoint(w.db.pool, await loadLedgerSigner(w.db.pool), manualClock());
    const r = await w.verify();
    expect(r.firstBreak).toMatchObject({ kind: 'unanchored', chainId: 'gw-tamper', seq: 21 });
  });

  test('a fabricated event appended at the head of a live chain: its writer stops, closes the chain at its own head, verify names the row', async () => {
    const w = await world({ close: false });
    const tampered: unknown[] = [];
    const writer = createLedgerWriter({
      pool: w.db.pool,
      chainId: 'gw-live',
      clock: manualClock(),
      signer: await loadLedgerSigner(w.db.pool),
      checkpointEvery: { events: 1000, ms: 60_000 },
      onTamper: (t) => tampered.push(t),
    });
    for (let i = 0; i < 5; i++) await writer.append(servedEvent(i));
    const head = (await listRecordsBySeqRange(w.db.pool, 'gw-live', 5, 5))[0]!;
    const { hash: _h, ...base } = head;
    const forged = { ...base, id: randomUUID(), seq: 6, prev_hash: head.hash };
    const c = new pg.Client({ connectionString: w.db.url });
    await c.connect();
    await insertEvents(c, [{ ...forged, hash: hashRecord(forged) }]);
    await c.end();
    await expect(writer.append(servedEvent(6))).rejects.toMatchObject({ code: 'gateway.ledger_unavailable' });
    await expect(writer.append(servedEvent(7))).rejects.toMatchObject({ code: 'gateway.ledger_unavailable' });
    expect(tampered).toEqual([{ chainId: 'gw-live', seq: 6 }]);
    await writer.close();
    await w.ledger.close();
    const r = await verifyLedger(w.db.pool, { pinnedKeys: w.pinned });
    expect(r.breaks).toEqual([expect.objectContaining({ kind: 'unanchored', chainId: 'gw-live', seq: 6 })]);
  });

  test('a middle checkpoint deleted: the gap is named', async () => {
    const w = await world();
    await privileged(
      w.db.url,
      `DELETE FROM ledger_checkpoint_heads WHERE checkpoint_id = (SELECT id FROM ledger_checkpoints WHERE number = 2);
      DELETE FROM ledger_checkpoints WHERE number = 2`,
    );
    const r = await w.verify();
    expect(r.breaks).toEqual([expect.objectContaining({ kind: 'checkpoint_gap', checkpointNumber: 3 })]);
    expect(r.breaks[0]!.message).toContain('2');
  });

  test('a middle checkpoint re-signed with the real (stolen) key: the next one no longer chains to it', async () => {
    const w = await world();
    const { rows } = await w.db.pool.query<{ id: string; jws: string }>('SELECT id, jws FROM ledger_checkpoints WHERE number = 3');
    const payload = JSON.parse(Buffer.from(rows[0]!.jws.split('.')[1]!, 'base64url').toString()) as CheckpointPayload;
    const jws = await (await loadLedgerSigner(w.db.pool)).sign({ ...payload, created_at: payload.created_at + 1 });
    await privileged(w.db.url, 'UPDATE ledger_checkpoints SET jws = $1, sha256 = $2 WHERE id = $3', [
      jws,
      createHash('sha256').update(jws).digest('hex'),
      rows[0]!.id,
    ]);
    const r = await w.verify();
    expect(r.breaks).toEqual([expect.objectContaining({ kind: 'checkpoint_fork', checkpointNumber: 4 })]);
  });

  test('the whole database rewritten consistently with a new key (events, hashes, links, checkpoints)', async () => {
    const w = await world();
    // Every row re-hashed and re-linked with one field changed, new key, new checkpoints: internally consistent.
    const rows = await listRecordsBySeqRange(w.db.pool, 'gw-tamper', 1, 20);
    let prev = '0'.repeat(64);
    const rewritten = rows.map((r) => {
      const { hash: _h, ...rec } = r;
      const x = { ...rec, prev_hash: prev, consumer_siret: '22330001300016' };
      prev = hashRecord(x);
      return { ...x, hash: prev };
    });
    await privileged(
      w.db.url,
      `DELETE FROM ledger_events; DELETE FROM ledger_checkpoint_heads; DELETE FROM ledger_checkpoints;
      DELETE FROM ledger_cosignatures; DELETE FROM ledger_merkle_nodes; DELETE FROM ledger_keys`,
    );
    await insertEvents(w.db.pool, rewritten);
    await createCheckpoint(w.db.pool, await loadLedgerSigner(w.db.pool), manualClock());
    const r = await w.verify();
    expect(kinds(r)).toEqual(expect.arrayContaining(['unknown_key', 'checkpoint_invalid', 'witness_mismatch', 'witness_quorum']));
    // Even trusting the database's keys, the witnesses disagree, by name and checkpoint number.
    const trusting = await verifyLedger(w.db.pool, { witnesses: w.witnesses });
    expect(trusting.breaks.filter((b) => b.kind === 'witness_mismatch').map((b) => [b.witness, b.checkpointNumber])).toEqual([
      ['temoin-a', 5],
      ['temoin-b', 5],
    ]);
  });

  test('an old backup restored (two days of events and checkpoints lost)', async () => {
    const w = await world({ events: 10, close: false });
    const restore = await backup(w.db);
    for (let i = 10; i < 20; i++) await w.ledger.writer.append(servedEvent(i));
    await w.ledger.close();
    expect((await w.verify()).breaks).toEqual([]);
    await restore();
    const r = await w.verify();
    expect(r.ok).toBe(false);
    expect(r.breaks.filter((b) => b.kind === 'witness_mismatch').map((b) => b.witness)).toEqual(['temoin-a', 'temoin-b']);
    expect(r.breaks[0]!.message).toMatch(/absent de la base/);
  });

  test('a witness dropped (its co-signatures deleted): named', async () => {
    const w = await world();
    await privileged(w.db.url, `DELETE FROM ledger_cosignatures WHERE witness = 'temoin-b'`);
    const r = await w.verify();
    expect(r.breaks.map((b) => [b.kind, b.witness])).toEqual([
      ['cosignature_missing', 'temoin-b'],
      ['witness_quorum', 'temoin-b'],
    ]);
  });
});
