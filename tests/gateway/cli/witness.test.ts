/**
 * `datapedia witness` as a real separate process: its own state folder and key, the log's pinned
 * keys from LEDGER_PINNED_KEYS; it co-signs the checkpoints a gateway sends it, `ledger verify`
 * compares the database with it, and it stops cleanly on SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { manualClock } from '../../../schemas/index.js';
import { openLedger, loadLedgerSigner, listLedgerKeys, type WitnessConfig, type WitnessSubmitResult } from '../../../ledger/index.js';
import { servedEvent } from '../../ledger/fixtures.js';

const BIN = resolve('bin/datapedia.mjs');
let db: TestDatabase;
let dir: string;
let keysFile: string;

interface Running {
  child: ChildProcess;
  entry: WitnessConfig;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `datapedia witness` and waits for the LEDGER_WITNESSES entry it prints. */
function startWitness(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'witness', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'silent', DEMO: 'false', WITNESS_STATE_DIR: join(dir, 'temoin'), WITNESS_NAME: 'temoin-cli', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`witness did not start: ${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /entrée de LEDGER_WITNESSES : (\{.*\})\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, entry: JSON.parse(m[1]!) as WitnessConfig, output: () => out, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`witness exited ${code}: ${out}`));
    });
  });
}

function datapedia(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', DEMO: 'false', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-cli-witness-'));
  await loadLedgerSigner(db.pool);
  keysFile = join(dir, 'pinned.json');
  await writeFile(keysFile, JSON.stringify({ keys: await listLedgerKeys(db.pool) }));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('datapedia witness', () => {
  test('refuses to start without the log’s pinned keys', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [BIN, 'witness', '--port', '0'],
        { env: { ...process.env, LOG_LEVEL: 'silent', WITNESS_STATE_DIR: join(dir, 'sans-cles') } },
        (err, _o, stderr) => done({ code: Number((err as { code?: number } | null)?.code ?? 0), stderr }),
      );
    });
    expect(r.stderr).toMatch(/LEDGER_PINNED_KEYS requis/);
    expect(r.code).toBe(78);
  }, 120_000);

  test('co-signs a gateway’s checkpoints, verify agrees with it, it stops on SIGTERM and keeps its key and state', async () => {
    const w = await startWitness({ LEDGER_PINNED_KEYS: keysFile });
    expect(w.entry).toMatchObject({
      name: 'temoin-cli',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      key: { kty: 'EC', crv: 'P-256' },
    });
    expect(w.entry.key).not.toHaveProperty('d');
    expect(await (await fetch(`${w.entry.url}/key`)).json()).toEqual({ name: 'temoin-cli', key: w.entry.key });

    const rounds: WitnessSubmitResult[] = [];
    const gw = await openLedger({
      pool: db.pool,
      clock: manualClock(new Date()),
      chainId: 'gw-temoin',
      witnesses: [w.entry],
      checkpointEvery: { events: 20, ms: 60_000 },
      onWitness: (r) => rounds.push(...r),
    });
    const first = await gw.writer.append(servedEvent(0));
    for (let i = 1; i < 50; i++) await gw.writer.append(servedEvent(i));
    await gw.close();
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.every((r) => r.ok)).toBe(true);
    const latest = (await (await fetch(`${w.entry.url}/latest`)).json()) as { checkpoint: string; cosignature: string };
    expect(latest.cosignature).toEqual(expect.any(String));

    const env = { LEDGER_PINNED_KEYS: keysFile, LEDGER_WITNESSES: JSON.stringify([w.entry]) };
    const ok = await datapedia(['ledger', 'verify'], env);
    expect(ok.stdout).toMatch(/témoin temoin-cli : concorde \(point de contrôle n° \d+\)/);
    expect(ok.code).toBe(0);
    // The proof of one exchange carries the witness's co-signature; checked with the pinned keys and the witness's key.
    const file = join(dir, 'preuve.json');
    expect((await datapedia(['ledger', 'evidence', first.id, '-o', file], env)).code).toBe(0);
    const checked = await datapedia(['ledger', 'verify-evidence', file], env);
    expect(checked.stdout).toMatch(/preuve valide : .*contresigné par temoin-cli/);
    expect(checked.code).toBe(0);

    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.output()).toMatch(/SIGTERM : arrêt du témoin temoin-cli/);
    const state = JSON.parse(await readFile(join(dir, 'temoin', 'state.json'), 'utf8')) as { number: number };
    expect(state.number).toBeGreaterThan(0);

    // Restarted on its folder: same key, same state; verify still agrees (the witness is reachable at its new port).
    const again = await startWitness({ LEDGER_PINNED_KEYS: keysFile });
    expect(again.entry.key).toEqual(w.entry.key);
    expect(again.output()).toMatch(new RegExp(`dernier point de contrôle contresigné : ${state.number}`));
    const r2 = await datapedia(['ledger', 'verify'], { ...env, LEDGER_WITNESSES: JSON.stringify([again.entry]) });
    expect(r2.code).toBe(0);
    // The witness down: verify says so and fails (quorum of one not reached).
    again.child.kill('SIGTERM');
    await again.exited;
    const down = await datapedia(['ledger', 'verify'], { ...env, LEDGER_WITNESSES: JSON.stringify([again.entry]) });
    expect(down.stdout).toMatch(/témoin temoin-cli : DÉSACCORD — injoignable/);
    expect(down.code).toBe(2);
  }, 120_000);
});
