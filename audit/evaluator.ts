import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import type { LedgerRow, Queryable } from './types.js';
import { DEFAULT_RULE_OPTIONS, type EventRule, type RuleContext, type RuleHit, type RuleOptions, type SweepRule } from './rules/rule.js';
import { EVENT_RULES, SWEEP_RULES } from './rules/index.js';
import { openCaseIn } from './cases.js';
import { findContractFactsByIds, type ContractFacts } from './store/contracts.js';
import { listEventsAfterSeq, listChainHeads, findRecordedAtBySeq } from './store/ledger.js';
import { insertMissingPositions, lockPositionByChain, updatePositionByChain, listPositions, claimSweepByRule } from './store/positions.js';
import { withTransaction } from './store/tx.js';

export interface RuleEvaluatorOptions {
  pool: pg.Pool;
  clock: Clock;
  /** Thresholds (merged over DEFAULT_RULE_OPTIONS). */
  rules?: Partial<RuleOptions>;
  /** Events per chain per transaction (default 1,000). */
  batchSize?: number;
  /** Pause between two polls of the tail once caught up (default 50 ms). */
  intervalMs?: number;
  /** Period of the sweep rules (default one hour). */
  sweepIntervalMs?: number;
  /** Rule sets (tests); default EVENT_RULES and SWEEP_RULES. */
  eventRules?: readonly EventRule[];
  sweepRules?: readonly SweepRule[];
  onError?: (err: unknown) => void;
  /** After each committed batch: how far behind the evaluated events were. */
  onBatch?: (info: { chainId: string; events: number; lagMs: number; opened: number }) => void;
}

export interface PassResult {
  events: number;
  /** Cases created. */
  opened: number;
  /** Existing cases that received new evidence. */
  updated: number;
}

export interface ChainLag {
  chainId: string;
  headSeq: number;
  position: number;
  behindEvents: number;
  /** Age of the oldest event not evaluated yet (0 when caught up). */
  behindMs: number;
}

export interface EvaluatorLag {
  chains: ChainLag[];
  behindEvents: number;
  behindMs: number;
}

export interface RuleEvaluator {
  /** Evaluates every chain up to its current head. */
  runOnce(): Promise<PassResult>;
  /** Runs the periodic rules now (or only when due, with `onlyWhenDue`). */
  sweep(onlyWhenDue?: boolean): Promise<PassResult>;
  /** Tails the ledger until `stop()`. */
  start(): void;
  stop(): Promise<void>;
  lag(): Promise<EvaluatorLag>;
}

function mergeHits(hits: RuleHit[]): RuleHit[] {
  const merged = new Map<string, RuleHit>();
  for (const h of hits) {
    const key = `${h.kind}\u0000${h.dedupKey}`;
    const prev = merged.get(key);
    if (prev) prev.evidence = [...prev.evidence, ...h.evidence];
    else merged.set(key, { ...h, evidence: [...h.evidence] });
  }
  return [...merged.values()];
}

async function applyHits(db: Queryable, hits: RuleHit[], facts: Map<string, ContractFacts>, at: Date, out: PassResult): Promise<void> {
  for (const h of mergeHits(hits)) {
    const r = await openCaseIn(db, h, at, h.contractId ? facts.get(h.contractId) : undefined);
    if (r.created) out.opened++;
    else if (r.added > 0) out.updated++;
  }
}

/**
 * The usage-control evaluator: tails every ledger chain from its stored position,
 * runs the rules on each batch and opens cases — cases and the new position commit in ONE
 * transaction, so an event is evaluated exactly once even across restarts. Several gateways
 * may run one each: a chain's position row is locked (SKIP LOCKED) by whoever evaluates it.
 */
export function createRuleEvaluator(opts: RuleEvaluatorOptions): RuleEvaluator {
  const options: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...opts.rules };
  const eventRules = opts.eventRules ?? EVENT_RULES;
  const sweepRules = opts.sweepRules ?? SWEEP_RULES;
  const batchSize = opts.batchSize ?? 1000;
  const memory = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  function context(db: Queryable, facts: Map<string, ContractFacts>): RuleContext {
    return { db, options, memory, contract: (id) => (id ? facts.get(id) : undefined) };
  }

  async function processBatch(chainId: string, out: PassResult): Promise<number> {
    return withTransaction(opts.pool, async (client) => {
      const position = await lockPositionByChain(client, chainId);
      if (position === null) return 0;
      const events: LedgerRow[] = await listEventsAfterSeq(client, chainId, position, batchSize);
      if (events.length === 0) return 0;
      const facts = await findContractFactsByIds(
        client,
        events.map((e) => e.contractId).filter((c): c is string => !!c),
      );
      const ctx = context(client, facts);
      const hits: RuleHit[] = [];
      for (const rule of eventRules) hits.push(...(await rule.evaluate(events, ctx)));
      const now = opts.clock.now();
      const before = out.opened;
      await applyHits(client, hits, facts, now, out);
      const last = events[events.length - 1]!;
      await updatePositionByChain(client, chainId, last.seq, last.recordedAt, now);
      out.events += events.length;
      opts.onBatch?.({
        chainId,
        events: events.length,
        lagMs: Math.max(0, now.getTime() - events[0]!.recordedAt.getTime()),
        opened: out.opened - before,
      });
      return events.length;
    });
  }

  async function runOnce(): Promise<PassResult> {
    const out: PassResult = { events: 0, opened: 0, updated: 0 };
    await insertMissingPositions(opts.pool);
    for (const head of await listChainHeads(opts.pool)) {
      // Bounded: a chain growing faster than it is evaluated yields to the others.
      for (let i = 0; i < 100; i++) {
        const n = await processBatch(head.chainId, out);
        if (n < batchSize) break;
      }
    }
    return out;
  }

  async function sweep(onlyWhenDue = false): Promise<PassResult> {
    const out: PassResult = { events: 0, opened: 0, updated: 0 };
    const now = opts.clock.now();
    for (const rule of sweepRules) {
      await withTransaction(opts.pool, async (client) => {
        const dueBefore = onlyWhenDue ? new Date(now.getTime() - (opts.sweepIntervalMs ?? 3600_000)) : now;
        if (!(await claimSweepByRule(client, rule.kind, dueBefore, now))) return;
        const facts = new Map<string, ContractFacts>();
        const hits = await rule.sweep(context(client, facts), now);
        await applyHits(client, hits, facts, now, out);
      });
    }
    return out;
  }

  let lastSweepCheck = 0;

  async function tick(): Promise<void> {
    try {
      await runOnce();
      // The sweep's own slot (audit_sweeps) decides whether it is due; asking once a minute is enough.
      if (opts.clock.now().getTime() - lastSweepCheck >= 60_000) {
        lastSweepCheck = opts.clock.now().getTime();
        await sweep(true);
      }
    } catch (err) {
      opts.onError?.(err);
    }
    if (!stopped)
      timer = setTimeout(() => {
        running = tick();
      }, opts.intervalMs ?? 50);
  }

  async function lag(): Promise<EvaluatorLag> {
    const [heads, positions] = await Promise.all([listChainHeads(opts.pool), listPositions(opts.pool)]);
    const now = opts.clock.now().getTime();
    const chains: ChainLag[] = [];
    for (const h of heads) {
      const position = positions.find((p) => p.chainId === h.chainId)?.seq ?? 0;
      const behindEvents = Math.max(0, h.seq - position);
      const oldest = behindEvents > 0 ? await findRecordedAtBySeq(opts.pool, h.chainId, position + 1) : null;
      chains.push({
        chainId: h.chainId,
        headSeq: h.seq,
        position,
        behindEvents,
        behindMs: oldest ? Math.max(0, now - oldest.getTime()) : 0,
      });
    }
    return {
      chains,
      behindEvents: chains.reduce((s, c) => s + c.behindEvents, 0),
      behindMs: Math.max(0, ...chains.map((c) => c.behindMs)),
    };
  }

  return {
    runOnce,
    sweep,
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
