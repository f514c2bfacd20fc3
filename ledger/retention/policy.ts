/**
 * Retention both ways (docs/architecture.md, Ledger): each exchange is kept at least `min` and at
 * most `max` milliseconds after it was recorded. The platform default comes from configuration
 * (LEDGER_RETENTION_MIN_DAYS / LEDGER_RETENTION_MAX_DAYS); the catalogue may override it per API.
 */
export interface RetentionPeriod {
  minMs: number;
  maxMs: number;
}

/** Per-API retention: the catalogue's value for `apiSlug`, or undefined to use the platform default. */
export type RetentionOverride = (apiSlug: string) => RetentionPeriod | undefined;

const DAY = 86_400_000;

export function retentionFromDays(minDays: number, maxDays: number): RetentionPeriod {
  if (!(minDays >= 0) || !(maxDays >= minDays)) throw new TypeError(`retention: 0 <= min (${minDays}) <= max (${maxDays}) days required`);
  return { minMs: minDays * DAY, maxMs: maxDays * DAY };
}

/** The retention of events of `apiSlug` (events without an API use the platform default). */
export function resolveRetention(
  platform: RetentionPeriod,
  override: RetentionOverride | undefined,
  apiSlug: string | null,
): RetentionPeriod {
  const o = apiSlug && override ? override(apiSlug) : undefined;
  if (!o) return platform;
  if (!(o.minMs >= 0) || !(o.maxMs >= o.minMs)) throw new TypeError(`retention of ${apiSlug}: 0 <= min <= max required`);
  return o;
}
