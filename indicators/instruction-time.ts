/**
 * Median instruction time of access requests (docs/architecture.md, "Indicators"): the time
 * from a request's first submission to its decision (validated or refused), measured from the
 * contracts domain's own transition events. A request sent back for changes keeps counting: the
 * applicant waits for a decision, and that wait is what the entry page promises to measure.
 * Fewer than STATS_MIN_COUNT decisions publish no figure (the small-count rule of audit/stats.ts).
 */
import { STATS_MIN_COUNT, withholdSmallCount } from '../audit/index.js';
import { listDecisionsByPeriod } from './store/instruction.js';
import type { Queryable } from './types.js';

const DAY_MS = 86_400_000;

export interface InstructionTimeQuery {
  /** Reference time (injected clock). */
  now: Date;
  /** Whole UTC months ending with the month of `now` (default 12, 1 to 36). */
  months?: number;
  producerSiret?: string;
  apiSlug?: string;
  /** Small-count threshold (default STATS_MIN_COUNT). */
  threshold?: number;
}

export interface InstructionTimeFigure {
  /** Decisions in the period; null when withheld (fewer than the threshold, not zero). */
  decisions: number | null;
  /** True when there were decisions but fewer than the threshold: no median is published. */
  withheld: boolean;
  /** Median from first submission to decision, in milliseconds (null when withheld or none). */
  medianMs: number | null;
  /** The same in days, one decimal. */
  medianDays: number | null;
}

export interface InstructionTime extends InstructionTimeFigure {
  /** Period `[from, to)`, ISO 8601. */
  from: string;
  to: string;
  threshold: number;
}

export interface MonthlyInstructionTime extends InstructionTimeFigure {
  /** UTC month of the decisions, YYYY-MM. */
  month: string;
}

/** The median of some numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The published figure of some decisions' durations (ms), with the small-count rule applied. */
export function summariseInstructionTimes(durationsMs: readonly number[], threshold: number = STATS_MIN_COUNT): InstructionTimeFigure {
  const decisions = withholdSmallCount(durationsMs.length, threshold);
  if (decisions === null) return { decisions: null, withheld: true, medianMs: null, medianDays: null };
  const m = median(durationsMs);
  return { decisions, withheld: false, medianMs: m, medianDays: m === null ? null : Math.round((m / DAY_MS) * 10) / 10 };
}

/** The UTC month period `[from, to)` of `months` whole months ending with the month of `now`. */
export function monthPeriod(now: Date, months = 12): { from: Date; to: Date; months: number } {
  const n = Math.min(Math.max(Math.trunc(months), 1), 36);
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n + 1, 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
    months: n,
  };
}

/**
 * Median time from submission to decision of the access requests decided in the last `months`
 * whole UTC months (overall, or for one producer or API). Stable signature: the entry page
 * (/guichet) and the indicators page both show it.
 */
export async function instructionTime(db: Queryable, q: InstructionTimeQuery): Promise<InstructionTime> {
  const threshold = q.threshold ?? STATS_MIN_COUNT;
  const { from, to } = monthPeriod(q.now, q.months);
  const rows = await listDecisionsByPeriod(db, from, to, { producerSiret: q.producerSiret, apiSlug: q.apiSlug });
  const figure = summariseInstructionTimes(
    rows.map((r) => r.decidedAt.getTime() - r.submittedAt.getTime()),
    threshold,
  );
  return { from: from.toISOString(), to: to.toISOString(), threshold, ...figure };
}

/** The same figure per UTC month of decision, every month of the period listed (oldest first). */
export async function instructionTimeByMonth(db: Queryable, q: InstructionTimeQuery): Promise<MonthlyInstructionTime[]> {
  const threshold = q.threshold ?? STATS_MIN_COUNT;
  const { from, to, months } = monthPeriod(q.now, q.months);
  const rows = await listDecisionsByPeriod(db, from, to, { producerSiret: q.producerSiret, apiSlug: q.apiSlug });
  const byMonth = new Map<string, number[]>();
  for (let i = 0; i < months; i++) byMonth.set(monthKey(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1))), []);
  for (const r of rows) byMonth.get(monthKey(r.decidedAt))?.push(r.decidedAt.getTime() - r.submittedAt.getTime());
  return [...byMonth].map(([month, durations]) => ({ month, ...summariseInstructionTimes(durations, threshold) }));
}

/** YYYY-MM of a date, in UTC. */
export function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}
