/**
 * Latency of delivered exchanges as a fixed histogram, so monthly figures add up incrementally
 * (the rollup never keeps individual latencies). Bucket bounds are 1, 1.2, 1.4, 1.6, 1.8, 2,
 * 2.5, ... 9 times each power of ten from 1 ms to 10 s, then 100 s, 300 s and 600 s; a percentile is
 * the upper bound of the bucket that holds it (nearest rank), so it is at most 25 % above the
 * true value and never below it.
 */
const STEPS = [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9];

export const LATENCY_BOUNDS_MS: readonly number[] = [
  ...[1, 10, 100, 1000, 10_000].flatMap((d) => STEPS.map((s) => Math.round(s * d * 10) / 10)),
  100_000,
  300_000,
  600_000,
];

/** Index of the bucket of a latency (the last bucket also holds anything longer). */
export function latencyBucket(ms: number): number {
  let lo = 0;
  let hi = LATENCY_BOUNDS_MS.length - 1;
  if (!(ms > 0)) return 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (LATENCY_BOUNDS_MS[mid]! >= ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An empty histogram. */
export function emptyHistogram(): number[] {
  return LATENCY_BOUNDS_MS.map(() => 0);
}

/** Adds `b` into `a` (same length; a shorter `b` adds its buckets only). */
export function addHistogram(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < b.length && i < a.length; i++) a[i]! += b[i]!;
  return a;
}

/** The `p` percentile (0 < p ≤ 1, nearest rank) as a bucket's upper bound in ms; null when empty. */
export function latencyPercentile(hist: readonly number[], p: number): number | null {
  const n = hist.reduce((s, v) => s + v, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]!;
    if (seen >= rank) return LATENCY_BOUNDS_MS[i]!;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}
