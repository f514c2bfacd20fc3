/**
 * The indicators rollup (docs/architecture.md, "Indicators"): tails every ledger chain from its
 * stored position, like the usage-control evaluator, and adds each batch's exchanges to the
 * monthly rows — rows and the new position commit in ONE transaction, so an event is counted
 * exactly once, even across restarts, and the published page reads a few hundred rows whatever
 * the size of the ledger. Several gateways may run one each: a chain's position row is locked
 * (SKIP LOCKED) by whoever rolls it up.
 */
import type pg from 'pg';
import { withTransaction, type Clock } from '../schemas/index.js';
import { classifyExchange, OUTCOME_CATEGORIES, type OutcomeCategory } from './outcomes.js';
import { emptyHistogram, latencyBucket } from './latency.js';
import {
  findLedgerRecordedAtBySeq,
  insertMissingIndicatorPositions,
  listExchangeFactsAfterSeq,
  listIndicatorPositions,
  listLedgerChainHeads,
  lockIndicatorPositionByChain,
  updateIndicatorPositionByChain,
  upsertConsumerDeltas,
  upsertMonthlyDeltas,
  type CategoryCounts,
  type ConsumerDelta,
  type ExchangeFact,
  type MonthlyDelta,
} from './store/rollup.js';

export interface IndicatorRollupOptions {
  pool: pg.Pool;
  clock: Clock;
  /** Events per chain per transaction (default 5,000). */
  batchSize?: number;
  /** Pause between two polls of the tail once caught up (default 200 ms). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
  /** After each committed batch: how far behind the rolled-up events were. */
  onBatch?: (info: { chainId: string; events: number; lagMs: number }) => void;
}

export interface RollupLag {
  behindEvents: number;
  /** Age of the oldest event not rolled up yet (0 when caught up). */
  behindMs: number;
}

export interface IndicatorRollup {
  /** Rolls every chain up to its current head; the number of events read. */
  runOnce(): Promise<number>;
  /** Tails the ledger until `stop()`. */
  start(): void;
  stop(): Promise<void>;
  lag(): Promise<RollupLag>;
}

const COLUMN: Record<OutcomeCategory, keyof CategoryCounts> = {
  delivered: 'delivered',
  not_found: 'not_found',
  timeout: 'timeout',
  provider_failure: 'provider_failure',
  platform_failure: 'platform_failure',
  client_mistake: 'client_mistake',
  refused: 'refused',
};

function zero(): CategoryCounts {
  return Object.fromEntries(OUTCOME_CATEGORIES.map((c) => [COLUMN[c], 0])) as unknown as CategoryCounts;
}

function monthOf(d: Date): string {
  return `${d.toISOString().slice(0, 7)}-01`;
}

/** The deltas of one batch: per month × producer × API (with latency) and per consumer too. */
export function aggregateBatch(events: readonly ExchangeFact[]): { monthly: MonthlyDelta[]; consumers: ConsumerDelta[] } {
  const monthly = new Map<string, MonthlyDelta>();
  const consumers = new Map<string, ConsumerDelta>();
  for (const e of events) {
    const category = classifyExchange(e.type, e.problemCode);
    if (!category) continue;
    const month = monthOf(e.occurredAt);
    const producer = e.producerSiret ?? '';
    const api = e.apiSlug ?? '';
    const key = `${month}\u0000${producer}\u0000${api}`;
    let m = monthly.get(key);
    if (!m) monthly.set(key, (m = { month, producer_siret: producer, api_slug: api, ...zero(), latency_hist: emptyHistogram() }));
    m[COLUMN[category]]++;
    if (category === 'delivered' && e.latencyMs !== null) m.latency_hist[latencyBucket(e.latencyMs)]!++;
    if (e.consumerSiret) {
      const ckey = `${key}\u0000${e.consumerSiret}`;
      let c = consumers.get(ckey);
      if (!c) consumers.set(ckey, (c = { month, producer_siret: producer, api_slug: api, consumer_siret: e.consumerSiret, ...zero() }));
      c[COLUMN[category]]++;
    }
  }
  const byKey = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { monthly: byKey(monthly), consumers: byKey(consumers) };
}

export function createIndicatorRollup(opts: IndicatorRollupOptions): IndicatorRollup {
  const batchSize = opts.batchSize ?? 5000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  async function processBatch(chainId: string): Promise<number> {
    return withTransaction(opts.pool, async (client) => {
      const position = await lockIndicatorPositionByChain(client, chainId);
      if (position === null) return 0;
      const events = await listExchangeFactsAfterSeq(client, chainId, position, batchSize);
      if (events.length === 0) return 0;
      const { monthly, consumers } = aggregateBatch(events);
      await upsertMonthlyDeltas(client, monthly);
      await upsertConsumerDeltas(client, consumers);
      const last = events[events.length - 1]!;
      const now = opts.clock.now();
      await updateIndicatorPositionByChain(client, chainId, last.seq, last.recordedAt, now);
      opts.onBatch?.({ chainId, events: events.length, lagMs: Math.max(0, now.getTime() - events[0]!.recordedAt.getTime()) });
      return events.length;
    });
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    await insertMissingIndicatorPositions(opts.pool);
    for (const head of await listLedgerChainHeads(opts.pool)) {
      // Bounded: a chain growing faster than it is rolled up yields to the others.
      for (let i = 0; i < 100; i++) {
        const n = await processBatch(head.chainId);
        total += n;
        if (n < batchSize) break;
      }
    }
    return total;
  }

  async function tick(): Promise<void> {
    try {
      await runOnce();
    } catch (err) {
      opts.onError?.(err);
    }
    if (!stopped)
      timer = setTimeout(() => {
        running = tick();
      }, opts.intervalMs ?? 200);
  }

  async function lag(): Promise<RollupLag> {
    const [heads, positions] = await Promise.all([listLedgerChainHeads(opts.pool), listIndicatorPositions(opts.pool)]);
    const now = opts.clock.now().getTime();
    let behindEvents = 0;
    let behindMs = 0;
    for (const h of heads) {
      const position = positions.find((p) => p.chainId === h.chainId)?.seq ?? 0;
      if (h.seq <= position) continue;
      behindEvents += h.seq - position;
      const oldest = await findLedgerRecordedAtBySeq(opts.pool, h.chainId, position + 1);
      if (oldest) behindMs = Math.max(behindMs, now - oldest.getTime());
    }
    return { behindEvents, behindMs };
  }

  return {
    runOnce,
    lag,
    start() {
      if (!stopped) return;
      stopped = false;
      running = tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
