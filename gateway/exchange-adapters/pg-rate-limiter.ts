/**
 * The per-contract rate limit shared by every gateway on one PostgreSQL (several
 * gateways on one database). Fixed one-minute windows counted in `rate_limit_windows`.
 *
 * Local batching: a gateway reserves requests from the shared counter in chunks of
 * `chunk = max(1, floor(limit * batchFraction))` and spends them locally, so most requests
 * cost no database round trip. Concurrent requests of one process share one pending reservation.
 * A reservation is granted only up to the limit (`granted = clamp(limit - reservedBefore, 0, n)`),
 * so the gateways together NEVER admit more than `limit` per window. The documented bound is the
 * other way: chunks reserved but not spent when the window ends are lost, so with G gateways at
 * least `limit - G * chunk` requests are admitted under sustained load — with the default
 * batchFraction 0.02 and two gateways, within 4 % of the limit (issue target ±5 %).
 *
 * Fails closed: if the database cannot be reached the request is refused (503).
 */
import type pg from 'pg';
import { ProblemError, type Clock } from '../../schemas/index.js';
import type { RateDecision, RateLimiter } from '../../exchange/index.js';
import { reserveRateLimitWindowByKey } from './rate-limit-store.js';

interface LocalWindow {
  start: number;
  /** Granted to this process and not yet spent. */
  available: number;
  /** Shared counter after our last reservation (an estimate of the global use). */
  reservedGlobal: number;
  exhausted: boolean;
  pending: Promise<void> | null;
}

const WINDOW_MS = 60_000;

export function pgRateLimiter(pool: pg.Pool, clock: Clock, opts: { batchFraction?: number } = {}): RateLimiter {
  const fraction = opts.batchFraction ?? 0.02;
  const windows = new Map<string, LocalWindow>();
  let lastCleanup = 0;

  async function reserve(key: string, w: LocalWindow, limit: number): Promise<void> {
    const chunk = Math.max(1, Math.floor(limit * fraction));
    let total: number;
    try {
      total = await reserveRateLimitWindowByKey(pool, key, new Date(w.start), chunk);
    } catch (err) {
      throw new ProblemError('gateway.database_unavailable', {
        detail: 'Limite de débit indisponible.',
        cause: err,
        headers: { 'Retry-After': '5' },
      });
    }
    const before = total - chunk;
    const granted = Math.min(chunk, Math.max(0, limit - before));
    w.available += granted;
    w.reservedGlobal = Math.min(total, limit);
    if (granted < chunk) w.exhausted = true;
  }

  /** Forgets this process's past windows; the shared table is purged by a background job (gateway/background.ts). */
  function cleanup(now: number): void {
    if (now - lastCleanup < WINDOW_MS) return;
    lastCleanup = now;
    for (const [k, w] of windows) if (w.start < now - 2 * WINDOW_MS) windows.delete(k);
  }

  return {
    async consume(key, limit): Promise<RateDecision> {
      const now = clock.now().getTime();
      const start = now - (now % WINDOW_MS);
      cleanup(now);
      let w = windows.get(key);
      if (!w || w.start !== start) windows.set(key, (w = { start, available: 0, reservedGlobal: 0, exhausted: false, pending: null }));
      while (w.available === 0 && !w.exhausted) {
        if (!w.pending) {
          const win = w;
          win.pending = reserve(key, win, limit).finally(() => {
            win.pending = null;
          });
        }
        await w.pending;
      }
      const resetSeconds = Math.ceil((start + WINDOW_MS - now) / 1000);
      if (w.available === 0) return { allowed: false, limit, remaining: 0, resetSeconds };
      w.available -= 1;
      return { allowed: true, limit, remaining: Math.max(0, limit - w.reservedGlobal + w.available), resetSeconds };
    },
  };
}
