import type pg from 'pg';
import { getApi } from '../catalog/index.js';
import { listMonthlyStatsByApi } from './store/stats.js';

/** Counts below this are not published (k-anonymity style small-count suppression). */
export const STATS_MIN_COUNT = 10;

export interface MonthStats {
  /** UTC month, YYYY-MM. */
  month: string;
  /** All the months's numbers are null when `suppressed` (fewer exchanges than the threshold). */
  suppressed: boolean;
  exchanges: number | null;
  served: number | null;
  denied: number | null;
  failed: number | null;
  consumers: number | null;
  latencyMs: { p50: number | null; p95: number | null };
  /** served / (served + failed): denials are the caller's fault, not an unavailability. */
  availability: number | null;
}

export interface ApiStats {
  api: { slug: string; title: string };
  threshold: number;
  from: string;
  to: string;
  months: MonthStats[];
}

function round(n: number | null, digits: number): number | null {
  return n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;
}

/**
 * The one small-count rule of every published figure (open statistics, indicators): a count
 * below the threshold (but not zero) is replaced by null on its own; a month below it is
 * withheld whole by the caller.
 */
export function withholdSmallCount(n: number, threshold: number = STATS_MIN_COUNT): number | null {
  return n > 0 && n < threshold ? null : n;
}

/**
 * Open statistics of one API: per UTC month over the last `months` months,
 * exchanges, consumers, p50/p95 latency of served exchanges and availability computed from
 * the real outcomes (served vs failed). Anonymised aggregates only — no subject-level data —
 * and counts below `threshold` suppressed (a month with fewer exchanges shows no figure). The
 * number of consumers is published as is: they are public administrations, already named in
 * the register of processing; the suppression protects the people behind small counts.
 */
export async function apiStatistics(
  pool: pg.Pool,
  apiSlug: string,
  opts: { now: Date; months?: number; threshold?: number },
): Promise<ApiStats> {
  const api = await getApi(pool, apiSlug);
  const threshold = opts.threshold ?? STATS_MIN_COUNT;
  const months = Math.min(Math.max(opts.months ?? 12, 1), 36);
  const to = new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth() + 1, 1));
  const from = new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth() - months + 1, 1));
  const rows = await listMonthlyStatsByApi(pool, api.producerSiret, api.slug, from, to);
  return {
    api: { slug: api.slug, title: api.title },
    threshold,
    from: from.toISOString(),
    to: to.toISOString(),
    months: rows.map((r) => {
      const suppressed = r.exchanges < threshold;
      const attempts = r.served + r.failed;
      return suppressed
        ? {
            month: r.month,
            suppressed,
            exchanges: null,
            served: null,
            denied: null,
            failed: null,
            consumers: null,
            latencyMs: { p50: null, p95: null },
            availability: null,
          }
        : {
            month: r.month,
            suppressed,
            exchanges: r.exchanges,
            served: withholdSmallCount(r.served, threshold),
            denied: withholdSmallCount(r.denied, threshold),
            failed: withholdSmallCount(r.failed, threshold),
            consumers: r.consumers,
            latencyMs: { p50: round(r.p50, 1), p95: round(r.p95, 1) },
            availability: attempts > 0 ? round(r.served / attempts, 4) : null,
          };
    }),
  };
}
