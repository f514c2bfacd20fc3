/**
 * `datapedia start` with the ledger's trust configured, as an operator runs it (README, "Ledger:
 * pinned keys, witnesses, retention"): keys pinned with `datapedia ledger keys`, two
 * `datapedia witness` processes, the gateway as a third process. Its checkpoints reach both
 * witnesses and the checkpoint log; it publishes the pinned set; after it stops, `ledger verify`
 * agrees with both witnesses.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

const BIN = resolve('bin/datapedia.mjs');
let db: TestDatabase;
let dir: string;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Spawns a long-running command; resolves with it once `ready` matches its output. */
function spawnUntil(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready: ${out}`)), 90_000);
    const check = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, match: m, output: () => out, exited });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`exited ${code}: ${out}`));
    });
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-ledger-start-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

test('pinned keys, two witness processes, a gateway: checkpoints co-signed and logged; verify agrees with both after the stop', async () => {
  const base = { DATABASE_URL: db.url, NODE_ENV: 'development' };
  const keys = await run(['ledger', 'keys'], base);
  expect(keys.code).toBe(0);
  const pinnedFile = join(dir, 'ledger-keys.json');
  await writeFile(pinnedFile, keys.stdout);
  const witnesses = [];
  for (const name of ['temoin-1', 'temoin-2']) {
    const w = await spawnUntil(
      ['witness', '--host', '127.0.0.1', '--port', '0'],
      { LEDGER_PINNED_KEYS: pinnedFile, WITNESS_NAME: name, WITNESS_STATE_DIR: join(dir, name) },
      /entrée de LEDGER_WITNESSES : (\{.*\})\n/,
    );
    witnesses.push(JSON.parse(w.match[1]!) as { name: string; url: string });
  }
  const port = await freePort();
  const log = join(dir, 'checkpoints.log');
  const trust = { LEDGER_PINNED_KEYS: pinnedFile, LEDGER_WITNESSES: JSON.stringify(witnesses) };
  const gw = await spawnUntil(
    ['start'],
    {
      ...base,
      ...trust,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: join(dir, 'data'),
      DEMO: 'true',
      LOG_LEVEL: 'info',
      LEDGER_CHECKPOINT_LOG: log,
      LEDGER_CHECKPOINT_INTERVAL_MS: '200',
      DB_POOL_MAX: '4',
      DB_EXCHANGE_POOL_MAX: '6',
      EMBEDDED_PG_PORT: String(await freePort()),
    },
    /Datapedia écoute sur/,
  );
  const url = `http://127.0.0.1:${port}`;
  expect(await (await fetch(`${url}/.well-known/ledger-keys.json`)).json()).toEqual(JSON.parse(keys.stdout));
  // The demo seed recorded contract transitions: their checkpoint reaches both witnesses and the log.
  for (const w of witnesses) {
    await waitFor(
      `${w.name} co-signs`,
      async () => ((await (await fetch(`${w.url}/latest`)).json()) as { cosignature: string | null }).cosignature,
    );
  }
  expect((await readFile(log, 'utf8')).trim().split('\n').length).toBeGreaterThan(0);
  gw.child.kill('SIGTERM');
  expect(await gw.exited).toBe(0);
  const verify = await run(['ledger', 'verify'], { ...base, ...trust });
  expect(verify.stdout).toMatch(/témoin temoin-1 : concorde/);
  expect(verify.stdout).toMatch(/témoin temoin-2 : concorde/);
  expect(verify.stdout).toMatch(/journal intègre/);
  expect(verify.code).toBe(0);
}, 240_000);
