/**
 * Indicators benchmark (docs/architecture.md, "Indicators").
 * 1. Rollup lag behind the ledger head while exchange events are appended at 2,000 ev/s (and
 *    the rates of BENCH_INDICATORS_RATES) over 20 APIs and 50 consumers, with the real rollup:
 *    lag = time from an event's commit in the ledger to the commit of its batch's rows.
 * 2. /guichet/indicateurs (and its CSV) latency through the real app over HTTP, once with the
 *    rollup of a 10,000-event ledger and once with rollup rows equivalent to 10,000,000 events
 *    (12 months × 40 APIs × 200 consumers). The 10M rows are SEEDED DIRECTLY into the rollup's
 *    tables (inserting and rolling up 10M ledger events takes longer than a benchmark run on
 *    the development machine); the page reads only those tables, whatever the ledger holds.
 * Env: BENCH_INDICATORS_RATES (default "2000"), BENCH_INDICATORS_SECONDS (default 10),
 * BENCH_INDICATORS_REQUESTS (default 300).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../schemas/index.js';
import { createLedgerWriter, type LedgerEventInput, type LedgerWriter } from '../ledger/index.js';
import { createIndicatorRollup, LATENCY_BOUNDS_MS } from '../indicators/index.js';
import { startTestApp, type TestApp } from '../tests/helpers/app.js';
import { createTestDatabase } from '../tests/helpers/pg.js';
import type { BenchTable } from './table.js';

const RATES = (process.env.BENCH_INDICATORS_RATES ?? '2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_INDICATORS_SECONDS ?? 10);
const REQUESTS = Number(process.env.BENCH_INDICATORS_REQUESTS ?? 300);
const APIS = 20;
const CONSUMERS = 50;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

const siret = (prefix: string, i: number) => `${prefix}${String(i).padStart(14 - prefix.length, '0')}`;
const OUTCOMES: [string, string | undefined][] = [
  ...Array.from({ length: 40 }, () => ['served', undefined] as [string, undefined]),
  ['failed', 'provider.not_found'],
  ['failed', 'provider.timeout'],
  ['failed', 'provider.unavailable'],
  ['denied', 'client.missing_traceability'],
  ['denied', 'client.scope_not_granted'],
];

function event(i: number, at = new Date()): LedgerEventInput {
  const [outcome, problemCode] = OUTCOMES[i % OUTCOMES.length]!;
  const api = i % APIS;
  return {
    id: randomUUID(),
    type: `exchange.${outcome}` as LedgerEventInput['type'],
    occurredAt: at,
    consumerSiret: siret('2', i % CONSUMERS),
    clientId: 'bench-client',
    producerSiret: siret('1', api % 5),
    apiSlug: `api-${api}`,
    endpoint: 'get',
    subjectRef: 'b'.repeat(64),
    subjectKind: 'person',
    outcome: outcome as LedgerEventInput['outcome'],
    problemCode,
    status: outcome === 'served' ? 200 : 500,
    latencyMs: 5 + (i % 200),
  };
}

async function appendAt(writer: LedgerWriter, rate: number, seconds: number): Promise<{ appended: number; elapsedMs: number }> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; sent < due; sent++) pending.push(writer.append(event(sent)));
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(pending);
  return { appended: sent, elapsedMs: performance.now() - t0 };
}

async function rollupLag(): Promise<(string | number)[][]> {
  const db = await createTestDatabase();
  const rows: (string | number)[][] = [];
  try {
    for (const rate of RATES) {
      const writer = createLedgerWriter({ pool: db.pool, chainId: `bench-ind-${rate}`, clock: systemClock, maxQueue: 100_000 });
      const lags: number[] = [];
      let rolled = 0;
      const rollup = createIndicatorRollup({
        pool: db.pool,
        clock: systemClock,
        intervalMs: 200,
        onBatch: (b) => {
          lags.push(b.lagMs);
          rolled += b.events;
        },
        onError: (err) => process.stderr.write(`rollup: ${String(err)}\n`),
      });
      await rollup.runOnce();
      lags.length = 0;
      rolled = 0;
      rollup.start();
      const { appended, elapsedMs } = await appendAt(writer, rate, SECONDS);
      const t1 = performance.now();
      while ((await rollup.lag()).behindEvents > 0 && performance.now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 20));
      const drainMs = performance.now() - t1;
      await rollup.stop();
      await writer.close();
      const sorted = [...lags].sort((a, b) => a - b);
      rows.push([
        `rollup lag @ ${rate} ev/s`,
        Math.round((appended * 1000) / elapsedMs),
        rolled,
        percentile(sorted, 0.5),
        percentile(sorted, 0.95),
        sorted[sorted.length - 1] ?? 0,
        Math.round(drainMs),
      ]);
    }
  } finally {
    await db.drop();
  }
  return rows;
}

/** Rollup rows equivalent to `events` exchanges over 12 months × `apis` APIs × `consumers` consumers. */
async function seedRollupRows(t: TestApp, events: number, apis: number, consumers: number): Promise<void> {
  const perConsumerMonth = Math.max(1, Math.floor(events / (12 * apis * consumers)));
  const hist = LATENCY_BOUNDS_MS.map((_, i) => (i >= 10 && i < 40 ? Math.floor((perConsumerMonth * consumers * 0.9) / 30) : 0));
  const now = t.clock.now();
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
  const d = (n: number) => Math.floor(n * perConsumerMonth);
  await t.db.pool.query(
    `INSERT INTO indicator_monthly (month, producer_siret, api_slug, delivered, not_found, timeout, provider_failure, platform_failure, client_mistake, refused, latency_hist)
     SELECT m, '1' || lpad((a % 8)::text, 13, '0'), 'api-' || a, $3::bigint * 90 / 100, $3::bigint * 3 / 100, $3::bigint * 2 / 100, $3::bigint * 2 / 100, 0, $3::bigint * 2 / 100, $3::bigint / 100, $4::bigint[]
     FROM unnest($1::date[]) m, generate_series(0, $2::int - 1) a`,
    [months, apis, d(consumers), hist],
  );
  await t.db.pool.query(
    `INSERT INTO indicator_monthly_consumers (month, producer_siret, api_slug, consumer_siret, delivered, not_found, timeout, provider_failure, platform_failure, client_mistake, refused)
     SELECT m, '1' || lpad((a % 8)::text, 13, '0'), 'api-' || a, '2' || lpad(c::text, 13, '0'), $4::bigint * 90 / 100, $4::bigint * 3 / 100, $4::bigint * 2 / 100, $4::bigint * 2 / 100, 0, $4::bigint * 2 / 100, $4::bigint / 100
     FROM unnest($1::date[]) m, generate_series(0, $2::int - 1) a, generate_series(0, $3::int - 1) c`,
    [months, apis, consumers, perConsumerMonth],
  );
  await t.db.pool.query('ANALYZE indicator_monthly; ANALYZE indicator_monthly_consumers');
}

async function timeGets(server: Server, path: string, n: number): Promise<number[]> {
  const { port } = server.address() as AddressInfo;
  const out: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    if (i >= 10) out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

async function pageLatency(label: string, seed: (t: TestApp) => Promise<void>): Promise<(string | number)[][]> {
  const t = await startTestApp();
  const server = createServer(t.listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await seed(t);
    const rows: (string | number)[][] = [];
    // The computation itself (what the background job does every 30 s), cold each time.
    const compute: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await t.services.indicators.snapshot.refresh();
      compute.push(performance.now() - t0);
    }
    compute.sort((a, b) => a - b);
    rows.push([
      `compute figures (${label})`,
      '',
      20,
      percentile(compute, 0.5),
      percentile(compute, 0.95),
      compute[compute.length - 1] ?? 0,
      '',
    ]);
    for (const path of ['/guichet/indicateurs', '/guichet/indicateurs.csv']) {
      const ms = await timeGets(server, path, REQUESTS);
      rows.push([`GET ${path} (${label})`, '', REQUESTS, percentile(ms, 0.5), percentile(ms, 0.95), ms[ms.length - 1] ?? 0, '']);
    }
    return rows;
  } finally {
    await new Promise((r) => server.close(r));
    await t.stop();
  }
}

export async function run(): Promise<BenchTable> {
  const rows = [
    ...(await rollupLag()),
    ...(await pageLatency('10k events, rolled up', async (t) => {
      for (let i = 0; i < 10_000; i += 1000)
        await Promise.all(Array.from({ length: 1000 }, (_, j) => t.deps.ledger.append(event(i + j, t.clock.now()))));
      await t.services.indicators.rollup.runOnce();
    })),
    ...(await pageLatency('10M events, rollup rows seeded', (t) => seedRollupRows(t, 10_000_000, 40, 200))),
  ];
  return {
    title: `indicators: rollup lag (${SECONDS} s per rate, ${APIS} APIs, ${CONSUMERS} consumers) and page latency (${REQUESTS} sequential GETs)`,
    columns: ['what', 'appended ev/s', 'events / requests', 'p50 ms', 'p95 ms', 'max ms', 'drain after stop ms'],
    rows,
    notes: [
      'targets: rollup lag ≤ 5 s at 2,000 ev/s; /guichet/indicateurs p95 ≤ 100 ms with 10M ledger events',
      'pages are served from a snapshot of the figures recomputed every 30 s by the indicators.snapshot job (at most 60 s old); « compute figures » is that computation',
      'rollup lag = age of the oldest event of a batch when the batch commits (rows + position, one transaction); the rollup polls every 200 ms once caught up',
      '10M case: rollup rows (12 months × 40 APIs, and × 200 consumers: 96,000 rows) seeded directly, not produced from 10M ledger events',
    ],
  };
}
