import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, loadLedgerSigner, createCheckpoint, listLedgerKeys, type CommittedEvent } from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';

const BIN = resolve('bin/datapedia.mjs');
let db: TestDatabase;
let dir: string;
let events: CommittedEvent[];

/** Runs the real `datapedia` command as a child process against the test database. */
function datapedia(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', DEMO: 'false' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-ledger-cli-'));
  const clock = manualClock();
  const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-cli', clock });
  events = [];
  for (let i = 0; i < 30; i++) events.push(await w.append(servedEvent(i)));
  await w.close();
  await createCheckpoint(db.pool, await loadLedgerSigner(db.pool), clock);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
});

describe('datapedia ledger (CLI)', () => {
  test('verify: an intact ledger exits 0', async () => {
    const r = await datapedia(['ledger', 'verify']);
    expect(r.stdout).toMatch(/30 événements/);
    expect(r.stdout).toMatch(/journal intègre/);
    expect(r.code).toBe(0);
  }, 120_000);

  test('evidence then verify-evidence offline (with the published keys); a tampered file exits 2', async () => {
    const file = join(dir, 'preuve.json');
    const made = await datapedia(['ledger', 'evidence', events[4]!.id, '-o', file]);
    expect(made.code).toBe(0);
    const keys = join(dir, 'keys.json');
    await writeFile(keys, JSON.stringify({ keys: await listLedgerKeys(db.pool) }));
    const ok = await datapedia(['ledger', 'verify-evidence', file, '--keys', keys]);
    expect(ok.stdout).toMatch(/preuve valide/);
    expect(ok.code).toBe(0);
    const bundle = JSON.parse(await readFile(file, 'utf8')) as { segment: { context: string }[] };
    bundle.segment[0]!.context = 'autre motif';
    await writeFile(file, JSON.stringify(bundle));
    const bad = await datapedia(['ledger', 'verify-evidence', file, '--keys', keys]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/PREUVE INVALIDE/);
  }, 120_000);

  test('verify: a tampered ledger exits 2 and names the first broken (chain, seq)', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('SET session_replication_role = replica');
    await c.query(`UPDATE ledger_events SET object = 'Dossier falsifié' WHERE chain_id = 'gw-cli' AND seq = 17`);
    await c.end();
    const r = await datapedia(['ledger', 'verify']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/chaîne gw-cli seq 17 \(hash_mismatch\)/);
  }, 120_000);
});
