/**
 * Open APIs (catalogue `access: 'open'`): public referentials such as the communes, which carry
 * no data about anyone. Rules:
 * - an API is open only if it is declared open AND has no subject AND no consent policy — an
 *   "open" API about people or companies is a catalogue error and is treated as restricted
 *   (fail closed);
 * - a call without `Authorization` to an open API is served anonymously: every scope of the API,
 *   a rate limit per API and caller address (the API's default), traceability parameters
 *   optional (checked when given), and the exchange recorded in the ledger like any other;
 * - a call with a token follows the contract rules, whatever the API's access.
 */
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import type { ResolvedEndpoint } from '../ports.js';
import { ProblemError } from '../../schemas/index.js';

export function isOpenApi(api: ResolvedEndpoint['api']): boolean {
  return api.access === 'open' && api.subjectKind === 'none' && api.consentPolicy === 'none';
}

/** authorise, for an anonymous call to an open API. */
export async function authoriseOpenAccess(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const target = ctx.target!;
  ctx.grantedScopes = target.scopes;
  const limit = target.api.rateLimitPerMinute || rt.settings.defaultRateLimitPerMinute;
  const rate = await rt.ports.rateLimiter.consume(`open:${target.api.slug}:${ctx.input.ip}`, limit);
  ctx.rate = rate;
  ctx.headers['RateLimit-Limit'] = String(rate.limit);
  ctx.headers['RateLimit-Remaining'] = String(rate.remaining);
  ctx.headers['RateLimit-Reset'] = String(rate.resetSeconds);
  if (!rate.allowed) {
    throw new ProblemError('client.rate_limited', {
      detail: `Limite de ${rate.limit} requêtes par minute atteinte pour cette API ouverte.`,
      headers: { 'Retry-After': String(Math.max(1, rate.resetSeconds)) },
    });
  }
}
