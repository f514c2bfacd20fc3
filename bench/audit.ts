/**
 * Usage-control benchmark: how far the rule evaluator lags behind the ledger head
 * while exchange events are appended at the exchange benchmark's rates (its fixed-rate run,
 * 300 req/s, and higher). Real PostgreSQL, real contracts, the real rules; a database of its
 * own, dropped at the end. Lag = age of the oldest event of each evaluated batch when the batch
 * commits (time from the event's commit in the ledger to its evaluation).
 * Env: BENCH_AUDIT_RATES (events/s, default "300,1000,2000"), BENCH_AUDIT_SECONDS (default 10), BENCH_PG_URL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { systemClock } from '../schemas/index.js';
import { createLedgerWriter, type LedgerEventInput, type LedgerWriter } from '../ledger/index.js';
import { createRuleEvaluator, EVENT_RULES } from '../audit/index.js';
import {
  approveHabilitationRequest,
  catalogueApiLookup,
  createArtefactSigner,
  createHabilitationRequest,
  createSigningKeys,
  submitHabilitationRequest,
  type ContractsContext,
} from '../contracts/index.js';
import { migrate } from '../gateway/process/migrate.js';
import { seedWorld, CAST, fullForm, LYON, CNAF } from '../tests/contracts/fixtures.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const RATES = (process.env.BENCH_AUDIT_RATES ?? '300,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_AUDIT_SECONDS ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

async function contracts(pool: pg.Pool): Promise<string[]> {
  await seedWorld(pool);
  const keys = createSigningKeys({
    pool,
    clock: systemClock,
    secret: 'bench-key-encryption-secret-0123456789abcdef',
    tokenTtlSeconds: 600,
  });
  const ctx: ContractsContext = {
    pool,
    clock: systemClock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, 'http://localhost:3000'),
  };
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const c = await createHabilitationRequest(ctx, CAST.alice, {
      apiSlug: 'cnaf-qf',
      consumerSiret: LYON,
      form: fullForm({ volume_per_minute: 100_000 }),
    });
    await submitHabilitationRequest(ctx, CAST.alice, c.id);
    await approveHabilitationRequest(ctx, CAST.ivan, c.id, {});
    ids.push(c.id);
  }
  return ids;
}

/** A realistic mix: 90 % served, 8 % denied, 2 % failed, one subject per call. */
function event(contractId: string, i: number): LedgerEventInput {
  const r = i % 50;
  const outcome = r < 45 ? 'served' : r < 49 ? 'denied' : 'failed';
  return {
    id: randomUUID(),
    type: `exchange.${outcome}`,
    occurredAt: new Date(),
    consumerSiret: LYON,
    clientId: 'bench-client',
    contractId,
    contractVersion: 1,
    producerSiret: CNAF,
    apiSlug: 'cnaf-qf',
    endpoint: 'getQuotientFamilial',
    fields: outcome === 'served' ? ['/quotient_familial/valeur'] : undefined,
    subjectRef: randomBytes(32).toString('hex'),
    subjectKind: 'person',
    recipient: LYON,
    context: 'Bench',
    object: `Dossier ${i}`,
    outcome,
    problemCode: outcome === 'denied' ? 'client.scope_not_granted' : outcome === 'failed' ? 'provider.timeout' : undefined,
    status: outcome === 'served' ? 200 : outcome === 'denied' ? 403 : 504,
    latencyMs: 5,
  };
}

/** Appends at `rate` events/s for `seconds` (open loop, 10 ms ticks); resolves when all committed. */
async function appendAt(
  writer: LedgerWriter,
  ids: string[],
  rate: number,
  seconds: number,
): Promise<{ appended: number; elapsedMs: number }> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; sent < due; sent++) pending.push(writer.append(event(ids[sent % ids.length]!, sent)));
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(pending);
  return { appended: sent, elapsedMs: performance.now() - t0 };
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 12 });
  pool.on('error', () => undefined);
  const rows: (string | number)[][] = [];
  try {
    await migrate(pool);
    const ids = await contracts(pool);
    for (const rate of RATES) {
      const writer = createLedgerWriter({ pool, chainId: `bench-audit-${rate}`, clock: systemClock, maxQueue: 100_000 });
      const lags: number[] = [];
      let behindMax = 0;
      let evaluated = 0;
      const evaluator = createRuleEvaluator({
        pool,
        clock: systemClock,
        intervalMs: Number(process.env.BENCH_AUDIT_INTERVAL_MS ?? 50),
        onBatch: (b) => {
          lags.push(b.lagMs);
          evaluated += b.events;
        },
        onError: (err) => process.stderr.write(`evaluator: ${String(err)}\n`),
      });
      await evaluator.runOnce();
      lags.length = 0;
      evaluated = 0;
      evaluator.start();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          behindMax = Math.max(behindMax, (await evaluator.lag()).behindEvents);
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const { appended, elapsedMs } = await appendAt(writer, ids, rate, SECONDS);
      const t1 = performance.now();
      while ((await evaluator.lag()).behindEvents > 0 && performance.now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 20));
      const drainMs = performance.now() - t1;
      sampling = false;
      await sampler;
      await evaluator.stop();
      await writer.close();
      const sorted = [...lags].sort((a, b) => a - b);
      rows.push([
        rate,
        Math.round((appended * 1000) / elapsedMs),
        evaluated,
        percentile(sorted, 0.5),
        percentile(sorted, 0.95),
        sorted[sorted.length - 1] ?? 0,
        behindMax,
        Math.round(drainMs),
      ]);
    }
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return {
    title: `rule evaluation lag behind the ledger head (${SECONDS} s per rate, ${EVENT_RULES.length} event rules, 4 contracts, 1 consumer)`,
    columns: [
      'target ev/s',
      'appended ev/s',
      'evaluated',
      'lag p50 ms',
      'lag p95 ms',
      'lag max ms',
      'max behind (events)',
      'drain after stop ms',
    ],
    rows,
    notes: [
      "lag = time from an event's commit in the ledger to the commit of its evaluation (cases + position, one transaction)",
      "300 ev/s = the exchange benchmark's fixed-rate run; the evaluator polls every 50 ms once caught up (BENCH_AUDIT_INTERVAL_MS)",
    ],
  };
}
