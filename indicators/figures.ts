/**
 * The published figures of one cell (a month or a period; overall, a producer or an API) from
 * its counts, with the small-count rule of the open statistics (audit/stats.ts): a cell with
 * fewer exchanges than the threshold is withheld whole; otherwise each count below it is null on
 * its own, and a rate or a percentile whose base is below it is null too.
 */
import { withholdSmallCount } from '../audit/index.js';
import { latencyPercentile } from './latency.js';
import type { CategoryCounts } from './store/rollup.js';

/** The headline target: 80 % of attempted exchanges deliver data. */
export const SUCCESS_TARGET = 0.8;

export interface IndicatorFigures {
  /** True when the cell had exchanges, but fewer than the threshold: nothing else is published. */
  withheld: boolean;
  /** Every exchange of authenticated consumers (attempts, client mistakes and refusals). */
  exchanges: number | null;
  /** Exchanges of authorised consumers that reached the producer or failed on the platform's side. */
  attempts: number | null;
  delivered: number | null;
  notFound: number | null;
  timeouts: number | null;
  providerFailures: number | null;
  platformFailures: number | null;
  /** Counted apart: malformed calls (bad parameters, missing traceability...). */
  clientMistakes: number | null;
  /** Counted apart: calls not authorised, or stopped by the person's rights. */
  refused: number | null;
  /** delivered / attempts, 4 decimals. */
  successRate: number | null;
  /** Answers (data or "not found") / calls reaching the producer, 4 decimals. */
  availability: number | null;
  /** Distinct consumer administrations with at least one exchange. */
  consumers: number | null;
  /** Latency of delivered exchanges, ms (bucket upper bounds, indicators/latency.ts). */
  latencyMs: { p50: number | null; p95: number | null };
}

function ratio(num: number, den: number, threshold: number): number | null {
  return den >= threshold && den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null;
}

export function emptyCounts(): CategoryCounts {
  return { delivered: 0, not_found: 0, timeout: 0, provider_failure: 0, platform_failure: 0, client_mistake: 0, refused: 0 };
}

export function addCounts(a: CategoryCounts, b: CategoryCounts): CategoryCounts {
  for (const k of Object.keys(a) as (keyof CategoryCounts)[]) a[k] += b[k];
  return a;
}

export function figuresOf(c: CategoryCounts, hist: readonly number[], consumers: number, threshold: number): IndicatorFigures {
  const attempts = c.delivered + c.not_found + c.timeout + c.provider_failure + c.platform_failure;
  const exchanges = attempts + c.client_mistake + c.refused;
  if (exchanges > 0 && exchanges < threshold) {
    return {
      withheld: true,
      exchanges: null,
      attempts: null,
      delivered: null,
      notFound: null,
      timeouts: null,
      providerFailures: null,
      platformFailures: null,
      clientMistakes: null,
      refused: null,
      successRate: null,
      availability: null,
      consumers: null,
      latencyMs: { p50: null, p95: null },
    };
  }
  const w = (n: number) => withholdSmallCount(n, threshold);
  const reaching = c.delivered + c.not_found + c.timeout + c.provider_failure;
  const latencyShown = c.delivered >= threshold;
  return {
    withheld: false,
    exchanges,
    attempts: w(attempts),
    delivered: w(c.delivered),
    notFound: w(c.not_found),
    timeouts: w(c.timeout),
    providerFailures: w(c.provider_failure),
    platformFailures: w(c.platform_failure),
    clientMistakes: w(c.client_mistake),
    refused: w(c.refused),
    successRate: ratio(c.delivered, attempts, threshold),
    availability: ratio(c.delivered + c.not_found, reaching, threshold),
    consumers,
    latencyMs: {
      p50: latencyShown ? latencyPercentile(hist, 0.5) : null,
      p95: latencyShown ? latencyPercentile(hist, 0.95) : null,
    },
  };
}
