import type { CaseInput, CaseKind, LedgerRow, Queryable } from '../types.js';
import type { ContractFacts } from '../store/contracts.js';

/** Thresholds of the usage-control rules (defaults in DEFAULT_RULE_OPTIONS). */
export interface RuleOptions {
  /** volume_above_declared: the declared volume is per minute; window of the count. */
  volumeWindowMs: number;
  /** denial_burst: at least `count` denials of one consumer within `windowMs`. */
  denialBurst: { count: number; windowMs: number };
  /**
   * unusual_subject_count: distinct subjects of one consumer within `windowMs` above
   * max(`minimum`, `factor` x its average daily distinct subjects over `baselineDays`).
   * Checked at most once per `checkEveryMs` of ledger time per consumer.
   */
  distinctSubjects: { windowMs: number; minimum: number; factor: number; baselineDays: number; checkEveryMs: number };
  /** unused_scopes: a granted scope not delivered once in this many days. */
  unusedScopeDays: number;
  /** unusual_hours: local hours [from, 24) ∪ [0, to) in `timeZone` are unusual. */
  quietHours: { from: number; to: number; timeZone: string };
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  volumeWindowMs: 60_000,
  denialBurst: { count: 20, windowMs: 5 * 60_000 },
  distinctSubjects: { windowMs: 24 * 3600_000, minimum: 1000, factor: 3, baselineDays: 28, checkEveryMs: 60_000 },
  unusedScopeDays: 90,
  quietHours: { from: 22, to: 6, timeZone: 'Europe/Paris' },
};

/** A rule's finding: a case to open (or to add evidence to, same kind and dedupKey). */
export interface RuleHit extends CaseInput {
  kind: CaseKind;
  /** 'citizen' for citizens' reports read from the ledger. */
  source: 'rule' | 'citizen';
  dedupKey: string;
}

export interface RuleContext {
  /** The evaluator's transaction. */
  db: Queryable;
  options: RuleOptions;
  /** Facts of the contracts named in the batch (prefetched once per batch). */
  contract(id: string | null): ContractFacts | undefined;
  /** Per-evaluator memory (throttling of expensive checks). */
  memory: Map<string, number>;
}

/** A rule evaluated on each batch of new ledger events of one chain. */
export interface EventRule {
  kind: CaseKind;
  evaluate(events: LedgerRow[], ctx: RuleContext): Promise<RuleHit[]>;
}

/** A rule evaluated periodically (absence of events cannot be seen on the tail). */
export interface SweepRule {
  kind: CaseKind;
  sweep(ctx: RuleContext, now: Date): Promise<RuleHit[]>;
}

export const EXCHANGE_TYPES: readonly string[] = ['exchange.served', 'exchange.denied', 'exchange.failed'];

export function isExchange(e: LedgerRow): boolean {
  return EXCHANGE_TYPES.includes(e.type);
}

/** Groups rows by a key (rows with a null key are skipped). */
export function groupBy<T>(rows: T[], key: (r: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** UTC calendar day (YYYY-MM-DD), part of dedup keys. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
