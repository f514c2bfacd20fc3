import type { FrequencyPeriod } from './types.js';

/** Start (UTC) of the calendar window containing `at`: day, ISO week (Monday), month or year. */
export function windowStart(period: FrequencyPeriod, at: Date): Date {
  const y = at.getUTCFullYear(),
    m = at.getUTCMonth(),
    d = at.getUTCDate();
  switch (period) {
    case 'day':
      return new Date(Date.UTC(y, m, d));
    case 'week':
      return new Date(Date.UTC(y, m, d - ((at.getUTCDay() + 6) % 7)));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

/** Start of the next window (for Retry-After). */
export function nextWindowStart(period: FrequencyPeriod, at: Date): Date {
  const s = windowStart(period, at);
  switch (period) {
    case 'day':
      return new Date(s.getTime() + 86_400_000);
    case 'week':
      return new Date(s.getTime() + 7 * 86_400_000);
    case 'month':
      return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1));
    case 'year':
      return new Date(Date.UTC(s.getUTCFullYear() + 1, 0, 1));
  }
}
