/**
 * Ledger benchmark (issue 5 targets): the writer alone, durable (synchronous_commit on), with
 * group commit vs one INSERT per event; and the verifier over ≥ 200,000 events.
 * Runs on a database of its own on the machine's server, dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { systemClock } from '../schemas/index.js';
import { createLedgerWriter, verifyLedger, loadLedgerSigner, createCheckpoint, listExchanges, type LedgerEventInput, type ExchangeParty } from '../ledger/index.js';
import { migrate } from '../gateway/migrate.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** Concurrent appenders (requests in flight); BENCH_LEDGER_CONCURRENCY overrides. */
const CONCURRENCY = Number(process.env.BENCH_LEDGER_CONCURRENCY ?? 256);

function event(i: number): LedgerEventInput {
  return {
    id: randomUUID(), type: 'exchange.served', occurredAt: new Date(), consumerSiret: '21690123100011', clientId: 'bench-client',
    contractId: 'bench-contract', contractVersion: 1, producerSiret: '18000100000017', apiSlug: 'cnaf-quotient-familial',
    endpoint: 'getQuotientFamilial', fields: ['/quotient_familial/valeur', '/quotient_familial/annee'], dataElements: ['quotient_familial'],
    subjectRef: randomBytes(32).toString('hex'), subjectKind: 'person', recipient: '21690123100011', context: 'Bench',
    object: `Dossier ${i}`, legalBasis: { nature: 'Loi', url: null }, outcome: 'served', status: 200, latencyMs: 3,
    bodySha256: randomBytes(32).toString('hex'),
  };
}

/** `CONCURRENCY` request-like loops appending for `ms` milliseconds; events/s committed. */
async function appendFor(pool: pg.Pool, chainId: string, maxBatch: number, ms: number): Promise<{ rate: number; n: number; batches: number }> {
  const w = createLedgerWriter({ pool, chainId, clock: systemClock, maxBatch, maxQueue: 100_000 });
  const end = Date.now() + ms;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) { await w.append(event(n)); n += 1; }
  }));
  const elapsed = performance.now() - t0;
  await w.close();
  return { rate: (n * 1000) / elapsed, n, batches: w.stats().batches };
}

async function fill(pool: pg.Pool, chainId: string, total: number): Promise<void> {
  const w = createLedgerWriter({ pool, chainId, clock: systemClock, maxBatch: 1000, maxQueue: 200_000 });
  for (let i = 0; i < total; i += 20_000) {
    await Promise.all(Array.from({ length: Math.min(20_000, total - i) }, (_, j) => w.append(event(i + j))));
  }
  await w.close();
}

/** Median latency (ms) of fetching the first page then the next one by cursor, 30 times. */
async function pageLatency(pool: pg.Pool, party: ExchangeParty): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const first = await listExchanges(pool, party, { limit: 50 });
    if (first.nextCursor) await listExchanges(pool, party, { limit: 50, cursor: first.nextCursor });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[15]!;
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_ledger_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 8 });
  pool.on('error', () => undefined); // connections ended by the final DROP DATABASE ... WITH (FORCE)
  try {
    await migrate(pool);
    const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    const group = await appendFor(pool, 'bench-group', 1000, 5000);
    const single = await appendFor(pool, 'bench-single', 1, 5000);
    const have = group.n + single.n;
    const target = 200_000;
    if (have < target) await fill(pool, 'bench-fill', target - have);
    await createCheckpoint(pool, await loadLedgerSigner(pool), systemClock);
    const cpu0 = process.cpuUsage();
    const report = await verifyLedger(pool);
    const cpu = process.cpuUsage(cpu0);
    const perCpuSecond = report.events / ((cpu.user + cpu.system) / 1e6);
    const { rows: load } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active'`);
    const ratio = group.rate / single.rate;
    await pool.query('ANALYZE ledger_events');
    const { rows: sample } = await pool.query<{ subject_ref: string }>('SELECT subject_ref FROM ledger_events WHERE subject_ref IS NOT NULL LIMIT 1 OFFSET 1000');
    const consumerMs = await pageLatency(pool, { consumerSiret: '21690123100011' });
    const subjectMs = await pageLatency(pool, { subjectRefs: [sample[0]!.subject_ref] });
    return {
      title: `ledger writer (durable, synchronous_commit=${rows[0]?.synchronous_commit}, ${CONCURRENCY} concurrent appenders) and verifier`,
      columns: ['measure', 'value', 'target', 'met'],
      rows: [
        ['writer, group commit (events/s)', group.rate, '≥ 10,000', group.rate >= 10_000 ? 'yes' : 'NO'],
        ['  mean batch size', group.n / group.batches, '', ''],
        ['writer, one INSERT per event (events/s)', single.rate, '', ''],
        ['group / per-event ratio', ratio, '≥ 5×', ratio >= 5 ? 'yes' : 'NO'],
        [`verifier over ${report.events} events (events/s)`, report.eventsPerSecond, '≥ 100,000', report.eventsPerSecond >= 100_000 ? 'yes' : 'NO'],
        [`trail: consumer, 2 pages of 50 over ${report.events} rows (ms, median)`, consumerMs, '< 50', consumerMs < 50 ? 'yes' : 'NO'],
        ['trail: subject, 2 pages of 50 (ms, median)', subjectMs, '< 50', subjectMs < 50 ? 'yes' : 'NO'],
        ['verifier, events per CPU-second of this process', perCpuSecond, '', ''],
        ['verifier result', report.ok ? 'ok' : `BROKEN ${report.breakCount}`, 'ok', report.ok ? 'yes' : 'NO'],
      ],
      notes: [`machine load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores shared with other work; ${load[0]?.n} active PostgreSQL sessions)`, `verify took ${(report.elapsedMs / 1000).toFixed(2)} s for ${report.events} events in ${report.chains.length} chains, ${report.checkpoints} checkpoint(s)`],
    };
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
