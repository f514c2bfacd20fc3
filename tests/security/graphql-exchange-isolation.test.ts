/**
 * Control-plane load cannot starve exchanges (docs/architecture.md, Data: the exchange path and
 * the control plane use separate connection pools). Real parts: the demo world on its own
 * database, the demo producers' backends, the group-commit ledger writer, the app listening on
 * a real port; the exchange path on its own pool, the control plane on the test database's.
 *
 * Exchanges' p99 is measured quiet, then during hostile GraphQL load, in the same test:
 *  - the alias attack: four anonymous 300-alias documents (35 KB each) at a time, each attacker
 *    sending its next one 100 ms after the previous answer (the same document: its refusal is
 *    remembered, see gateway/graphql/limits.ts), from a worker thread (the attacker
 *    is another machine: its own client-side work must not run on the gateway's event loop).
 *    A flood at line rate is a volumetric attack on any route, for rate limiting in front of the
 *    gateway, not what this test is about;
 *  - a control plane whose every connection is held (readers queued behind a lock on a table
 *    the exchange path never reads) leaves exchanges untouched.
 * The bound is 2 × the quiet p99, the quiet value floored at FLOOR_MS (a few ms of scheduling
 * noise on a shared machine must not decide the test).
 */
import { createServer, type Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { listDemoPeople, startDemoProducers } from '../../connectors/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { basic } from '../contracts/flow.js';
import { particulierQuery } from '../exchange/demo-world.js';
import { aliasAttack } from './graphql-attack.js';

const SAMPLES = 100;
const FLOOR_MS = 10;
/** An exchange that has not answered by then counts as this long (a starved pool waits forever). */
const GIVE_UP_MS = 5000;

let t: TestApp;
let server: Server;
let base: string;
let exchangePool: pg.Pool;
let writer: LedgerWriter | undefined;
let stopDemo: () => Promise<void>;
let dataDir: string;
let exchangeUrl: string;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dp-iso-'));
  const connectors = domainConnectorRegistry();
  t = await startTestApp({
    env: { GRAPHQL_TIMEOUT_MS: '60000', ACCESS_TOKEN_TTL_SECONDS: '3600' },
    deps: (db, clock) => {
      exchangePool = new pg.Pool({ connectionString: db.url, max: 10, application_name: 'datapedia-exchange' });
      exchangePool.on('error', () => undefined);
      return {
        exchangePool,
        exchangeParts: {
          ledger: {
            append: (e) =>
              ledgerWriterPort((writer ??= createLedgerWriter({ pool: exchangePool, chainId: 'iso-exchange', clock }))).append(e),
          },
          connectors,
        },
      };
    },
  });
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  // As `datapedia start` does: the demo producers' backends are on the exchange side.
  const demo = await startDemoProducers({ pool: exchangePool, dataDir });
  stopDemo = () => demo.stop();
  for (const [slug, c] of demo.connectors) connectors.set(slug, c);
  t.clock.set(new Date(Date.now() + 1000));

  server = createServer(t.app);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const d = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === 'cnaf-quotient-familial')!;
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: basic(d.clientId, d.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(tokenRes.status).toBe(200);
  token = ((await tokenRes.json()) as { access_token: string }).access_token;
  for (const p of listDemoPeople().slice(0, 20)) {
    const q = new URLSearchParams(particulierQuery(p));
    q.append('recipient', DEMO_ORGANISATIONS.villeLyon.siret);
    q.append('context', 'Tarification cantine');
    q.append('object', 'Dossier ISO-1');
    const url = `${base}/exchange/cnaf-quotient-familial/v1/quotient-familial?${q}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status === 200) {
      exchangeUrl = url;
      break;
    }
  }
  expect(exchangeUrl).toBeDefined();
}, 180_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (!server) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await writer?.close();
  await stopDemo?.();
  await t?.stop();
  await exchangePool?.end().catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** One exchange, timed from the client; a non-200 fails the test. */
async function timedExchange(): Promise<number> {
  const t0 = performance.now();
  const res = await Promise.race([
    fetch(exchangeUrl, { headers: { Authorization: `Bearer ${token}` } }),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), GIVE_UP_MS).unref()),
  ]);
  if (res === null) return GIVE_UP_MS;
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`exchange ${res.status}: ${body}`);
  return ms;
}

/** The app's clock to the start of the next minute: a fresh window of the contract's rate limit (60 a minute). */
function nextMinute(): void {
  const now = t.clock.now().getTime();
  t.clock.set(new Date(now - (now % 60_000) + 60_000));
}

/** `n` exchanges one after another, 50 per rate-limit window. */
async function measure(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 50 === 0) nextMinute();
    out.push(await timedExchange());
  }
  return out;
}

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(0.99 * s.length) - 1]!;
}

const bound = (quiet: number) => 2 * Math.max(quiet, FLOOR_MS);

/**
 * Four attackers in a worker thread, each posting `body` again 100 ms after its previous answer
 * while switched on ('on' / 'off'; 'stop' ends them and returns every status they got).
 */
const ATTACKERS = `
const { parentPort, workerData } = require('node:worker_threads');
let on = false, stop = false;
const statuses = [];
parentPort.on('message', (m) => { if (m === 'on') on = true; else if (m === 'off') on = false; else stop = true; });
const one = async () => {
  while (!stop) {
    if (!on) { await new Promise((r) => setTimeout(r, 10)); continue; }
    const res = await fetch(workerData.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: workerData.body });
    await res.arrayBuffer();
    statuses.push(res.status);
    await new Promise((r) => setTimeout(r, 100));
  }
};
Promise.all([one(), one(), one(), one()]).then(() => parentPort.postMessage(statuses));
`;

function startAttackers(url: string, body: string): { on(): void; off(): void; stop(): Promise<number[]> } {
  const worker = new Worker(ATTACKERS, { eval: true, workerData: { url, body } });
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    on: () => worker.postMessage('on'),
    off: () => worker.postMessage('off'),
    stop: async () => {
      worker.postMessage('stop');
      const statuses = await done;
      await worker.terminate();
      return statuses;
    },
  };
}

/**
 * Quiet and hostile samples interleaved (ROUNDS rounds of quiet then hostile exchanges), so that
 * the load other programs put on the machine weighs on both alike; up to ATTEMPTS comparisons,
 * the first within the bound passing. A starved exchange path (seconds per exchange) fails all.
 */
const ROUNDS = 4;
const ATTEMPTS = 3;
async function compare(
  name: string,
  hostile: { start(): Promise<void>; end(): Promise<void> },
): Promise<{ quiet: number; during: number }> {
  let last = { quiet: 0, during: 0 };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const quiet: number[] = [];
    const during: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      quiet.push(...(await measure(SAMPLES / ROUNDS)));
      await hostile.start();
      try {
        during.push(...(await measure(SAMPLES / ROUNDS)));
      } finally {
        await hostile.end();
      }
    }
    last = { quiet: p99(quiet), during: p99(during) };
    console.log(
      `${name}, attempt ${attempt}: quiet p99 ${last.quiet.toFixed(1)} ms, during p99 ${last.during.toFixed(1)} ms (bound ${bound(last.quiet).toFixed(1)} ms)`,
    );
    if (last.during <= bound(last.quiet)) break;
  }
  return last;
}

describe('exchanges keep their quiet p99 (within 2×) under hostile control-plane load', () => {
  test('during the alias attack: concurrent anonymous 300-alias documents, all refused', async () => {
    await measure(20); // warm: JIT, token cache, catalogue resolver, contract directory
    const attackers = startAttackers(`${base}/graphql`, JSON.stringify({ query: aliasAttack(300) }));
    let r: { quiet: number; during: number };
    let statuses: number[];
    try {
      r = await compare('alias attack', {
        start: async () => {
          attackers.on();
          await new Promise((res) => setTimeout(res, 50));
        },
        end: async () => {
          attackers.off();
        },
      });
    } finally {
      statuses = await attackers.stop();
    }
    expect(statuses.length).toBeGreaterThan(4 * ROUNDS);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(r.during).toBeLessThanOrEqual(bound(r.quiet));
  }, 300_000);

  test('with every control-plane connection held: exchanges do not wait for one', async () => {
    // A writer holds the data dictionary (which the exchange path never reads); anonymous GraphQL
    // readers of it queue on the lock, each holding a control-plane connection, twice as many as
    // the pool has: the control pool is exhausted for as long as the lock is held.
    const pool = t.db.pool;
    let locker: pg.Client | null = null;
    let readers: Promise<number[]> = Promise.resolve([]);
    const statuses: number[] = [];
    const r = await compare('control pool held', {
      start: async () => {
        locker = new pg.Client({ connectionString: t.db.url });
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE catalog_data_elements IN ACCESS EXCLUSIVE MODE');
        readers = Promise.all(
          Array.from({ length: 2 * pool.options.max! }, () =>
            fetch(`${base}/graphql`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ query: '{ dataElements { id label } }' }),
            }).then(async (res) => {
              await res.arrayBuffer();
              return res.status;
            }),
          ),
        );
        const t0 = Date.now();
        while ((pool.totalCount < pool.options.max! || pool.idleCount > 0 || pool.waitingCount === 0) && Date.now() - t0 < 10_000)
          await new Promise((res) => setTimeout(res, 10));
        expect([pool.totalCount, pool.idleCount]).toEqual([pool.options.max, 0]);
        expect(pool.waitingCount).toBeGreaterThan(0);
      },
      end: async () => {
        // Still exhausted at the end of the hostile window.
        expect(pool.waitingCount).toBeGreaterThan(0);
        await locker!.query('ROLLBACK');
        await locker!.end();
        statuses.push(...(await readers));
      },
    });
    expect(statuses.length % (2 * pool.options.max!)).toBe(0);
    expect(statuses.length).toBeGreaterThanOrEqual(2 * pool.options.max! * ROUNDS);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(r.during).toBeLessThanOrEqual(bound(r.quiet));
  }, 300_000);
});
