import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  openLedger,
  loadLedgerSigner,
  listLedgerKeys,
  verifyLedger,
  createCheckpoint,
  type LedgerPublicKey,
  type CheckpointPayload,
} from '../../ledger/index.js';
import type { WitnessConfig } from '../../ledger/witness/cosignature.js';
import { servedEvent } from './fixtures.js';

/** A witness as a real separate process (own state file, own key). */
async function startWitness(name: string, dir: string, keysFile: string): Promise<{ config: WitnessConfig; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('tests/ledger/witness-process.ts'), name, '0', dir, keysFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const config = await new Promise<WitnessConfig>((ok, ko) => {
    child.on('exit', (code) => ko(new Error(`witness ${name} exited ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening (\S+)/.exec(out)?.[1];
      const key = /key (\{.*\})/.exec(out)?.[1];
      if (url && key) ok({ name, url, key: JSON.parse(key) });
    });
  });
  return { config, child };
}

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

let db: TestDatabase;
let dir: string;
let pinned: LedgerPublicKey[];
const witnesses: { config: WitnessConfig; child: ChildProcess }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-witness-'));
  await loadLedgerSigner(db.pool);
  pinned = await listLedgerKeys(db.pool);
  const keysFile = join(dir, 'pinned.json');
  await writeFile(keysFile, JSON.stringify({ keys: pinned }));
  witnesses.push(await startWitness('temoin-a', dir, keysFile), await startWitness('temoin-b', dir, keysFile));
}, 120_000);
afterAll(async () => {
  for (const w of witnesses) w.child.kill('SIGTERM');
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const configs = () => witnesses.map((w) => w.config);

describe('witnesses: separate processes co-sign checkpoints; the verifier compares with them', () => {
  test('every checkpoint is co-signed by both witnesses after checking signature and consistency; verify passes with a quorum', async () => {
    const failures: unknown[] = [];
    const ledger = await openLedger({
      pool: db.pool,
      clock: manualClock(),
      chainId: 'gw-witnessed',
      checkpointEvery: { events: 120, ms: 60_000 },
      witnesses: configs(),
      maxBatch: 50,
      onWitness: (r) => failures.push(...r.filter((x) => !x.ok)),
      onError: (e) => failures.push(e),
    });
    for (let i = 0; i < 600; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => ledger.writer.append(servedEvent(i + j))));
    await ledger.close();
    expect(failures).toEqual([]);
    const { rows } = await db.pool.query<{ number: string; n: string }>(
      'SELECT c.number, (SELECT count(*) FROM ledger_cosignatures s WHERE s.checkpoint_number = c.number) AS n FROM ledger_checkpoints c ORDER BY c.number',
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => Number(r.n) === 2)).toBe(true);
    const report = await verifyLedger(db.pool, { pinnedKeys: pinned, witnesses: configs(), quorum: 2 });
    expect(report.breaks).toEqual([]);
    expect(report.witnesses.map((w) => w.agrees)).toEqual([true, true]);
    expect(report.warnings).toEqual([]);
  }, 120_000);

  test('a witness refuses a validly signed checkpoint that rewrites a chain (consistency proof fails) or skips back', async () => {
    const { rows } = await db.pool.query<{ jws: string; number: string; sha256: string }>(
      'SELECT jws, number, sha256 FROM ledger_checkpoints ORDER BY number DESC LIMIT 1',
    );
    const last = rows[0]!;
    const payload = JSON.parse(Buffer.from(last.jws.split('.')[1]!, 'base64url').toString()) as CheckpointPayload;
    const forged: CheckpointPayload = {
      ...payload,
      number: payload.number + 1,
      prev: last.sha256,
      heads: payload.heads.map((h) => ({ ...h, root: 'ab'.repeat(32) })),
    };
    const jws = await (await loadLedgerSigner(db.pool)).sign(forged);
    const post = (body: unknown) => fetch(`${configs()[0]!.url}/add-checkpoint`, { method: 'POST', body: JSON.stringify(body) });
    const refused = await post({ old: payload.number, checkpoint: jws, proofs: { 'gw-witnessed': [] } });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/cohérence/);
    const stale = await post({ old: payload.number - 1, checkpoint: jws, proofs: {} });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ number: payload.number });
  });

  test('the database rewritten (tail truncated, history re-signed with an inserted key): verify fails naming each witness', async () => {
    const snapshot = `${db.name}_rw`;
    const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await db.pool.end();
    await admin.query(`CREATE DATABASE ${snapshot} TEMPLATE ${db.name}`);
    const rewritten: TestDatabase = {
      ...db,
      name: snapshot,
      url: db.url.replace(/\/[^/]+$/, `/${snapshot}`),
      pool: new pg.Pool({ connectionString: db.url.replace(/\/[^/]+$/, `/${snapshot}`) }),
    };
    db.pool = new pg.Pool({ connectionString: db.url });
    rewritten.pool.on('error', () => undefined);
    try {
      // Truncate the tail of the chain and every checkpoint, insert a key of the attacker and re-sign.
      await privileged(
        rewritten,
        `DELETE FROM ledger_events WHERE chain_id = 'gw-witnessed' AND seq > 500;
        DELETE FROM ledger_checkpoint_heads; DELETE FROM ledger_checkpoints; DELETE FROM ledger_cosignatures; DELETE FROM ledger_merkle_nodes;
        UPDATE ledger_keys SET retired_at = now()`,
      );
      await createCheckpoint(rewritten.pool, await loadLedgerSigner(rewritten.pool), manualClock());
      const report = await verifyLedger(rewritten.pool, { pinnedKeys: pinned, witnesses: configs(), quorum: 2 });
      expect(report.ok).toBe(false);
      const named = report.breaks.filter((b) => b.kind === 'witness_mismatch').map((b) => b.witness);
      expect(named.sort()).toEqual(['temoin-a', 'temoin-b']);
      expect(report.breaks.some((b) => b.kind === 'unknown_key')).toBe(true);
      // Even an attacker who also copies the pinned configuration (trusting its own key) is caught by the witnesses.
      const trusting = await verifyLedger(rewritten.pool, { witnesses: configs(), quorum: 2 });
      expect(
        trusting.breaks
          .filter((b) => b.kind === 'witness_mismatch')
          .map((b) => b.witness)
          .sort(),
      ).toEqual(['temoin-a', 'temoin-b']);
    } finally {
      await rewritten.pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${snapshot} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
