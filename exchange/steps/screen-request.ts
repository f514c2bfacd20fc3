/**
 * Step 0 — screen, before any token is verified or the catalogue read. Rules:
 * - a source address that spent its budget of requests without a valid credential this minute
 *   (config EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE; counted by anonymous-denials.ts) gets 429
 *   `client.rate_limited` with `Retry-After` until the minute ends — unless the request carries
 *   a token this process already verified, so a consumer behind the same address keeps working;
 * - then, a path that does not percent-decode (RFC 3986 §2.1) is 400 `client.invalid_request`.
 * Both denials carry no credential: they are recorded aggregated (record.ts).
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';

const BEARER = /^Bearer (\S+)$/;

export function screenRequest(ctx: ExchangeContext, rt: ExchangeRuntime): void {
  const limit = rt.settings.anonymousLimitPerMinute;
  if (limit && rt.denials && rt.denials.countFor(ctx.input.ip) >= limit) refuseOverLimit(ctx, rt, limit);
  if (ctx.input.undecodablePath) {
    throw new ProblemError('client.invalid_request', { detail: 'Chemin mal encodé (RFC 3986 §2.1).' });
  }
}

function refuseOverLimit(ctx: ExchangeContext, rt: ExchangeRuntime, limit: number): void {
  const token = BEARER.exec(ctx.input.authorization ?? '')?.[1];
  if (token && rt.tokenCache.get(token, rt.ports.clock.now().getTime())) return;
  const wait = rt.denials!.secondsToNextMinute();
  ctx.headers['RateLimit-Limit'] = String(limit);
  ctx.headers['RateLimit-Remaining'] = '0';
  ctx.headers['RateLimit-Reset'] = String(wait);
  throw new ProblemError('client.rate_limited', {
    detail: `Trop de requêtes sans jeton valide depuis cette adresse (${limit} par minute).`,
    headers: { 'Retry-After': String(wait) },
  });
}
