/**
 * Step 2 — authorise (docs/architecture.md, "Exchange pipeline"). Rules, in order:
 * - the endpoint exists and its API is not retired (resolve-target.ts);
 * - the token's contract exists, is `active`, within its validity dates, at the version the
 *   token was issued for (a new version needs a new token), for this client and this consumer,
 *   else 403 `client.contract_inactive` (fail closed: an unknown contract is inactive);
 * - the contract covers this API and this endpoint (operationId), else `client.endpoint_not_granted`;
 * - every scope of the token is granted by the contract and defined by the API, and at least one
 *   remains, else `client.scope_not_granted`;
 * - an editor's token acts under a delegation (resolve-delegation.ts): the contract is the
 *   delegation's, the client and address ranges the editor's;
 * - the caller's address is in the contract's IP allowlist, else `client.ip_not_allowed`;
 * - the per-contract rate limit (RateLimiter port) is not exceeded, else 429 `client.rate_limited`
 *   with `Retry-After` (RFC 9110 §10.2.3). `RateLimit-Limit/Remaining/Reset`
 *   (draft-ietf-httpapi-ratelimit-headers) are set from here on, on success and failure.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { ipAllowed } from '../support/ip-allowlist.js';
import { resolveTarget } from '../support/resolve-target.js';
import { resolveDelegation } from '../support/resolve-delegation.js';
import { authoriseOpenAccess } from './open-access.js';

export async function authorise(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  if (ctx.openAccess) return authoriseOpenAccess(ctx, rt);
  await resolveTarget(ctx, rt);
  const target = ctx.target!;
  const delegated = ctx.claims!.editor_siret !== undefined;
  const contract = delegated ? await resolveDelegation(ctx, rt) : await rt.ports.contracts.get(ctx.claims!.contract_id);
  const claims = ctx.claims!;
  if (!contract) throw inactive('Contrat inconnu.');
  ctx.contract = contract;
  const now = rt.ports.clock.now().getTime();
  if (contract.status !== 'active') throw inactive(`Contrat ${contract.status}.`);
  if (Date.parse(contract.validFrom) > now || (contract.validUntil && Date.parse(contract.validUntil) <= now))
    throw inactive('Contrat hors de sa période de validité.');
  if (contract.version !== claims.contract_version) throw inactive('Le contrat a changé de version : demandez un nouveau jeton.');
  if (contract.consumerSiret !== claims.consumer_siret || (!delegated && !contract.clientIds.includes(claims.client_id)))
    throw inactive('Jeton sans rapport avec ce contrat.');

  if (contract.apiSlug !== target.api.slug || !contract.endpoints.includes(target.endpoint.operationId)) {
    throw new ProblemError('client.endpoint_not_granted', {
      detail: `Le contrat ne couvre pas ${target.api.slug}/${target.endpoint.operationId}.`,
    });
  }
  const asked = claims.scope.split(' ').filter((s) => s !== '');
  const notGranted = asked.filter((s) => !contract.scopes.includes(s));
  if (notGranted.length > 0)
    throw new ProblemError('client.scope_not_granted', { detail: `Périmètres non accordés : ${notGranted.join(', ')}.` });
  const granted = target.scopes.filter((s) => asked.includes(s.name));
  if (granted.length === 0)
    throw new ProblemError('client.scope_not_granted', { detail: 'Aucun périmètre de cette API n’est accordé à ce jeton.' });
  ctx.grantedScopes = granted;

  // The contract's allowlist names the consumer's servers; an editor calls from its own ranges (checked above).
  if (!delegated && !ipAllowed(ctx.input.ip, contract.ipAllowlist)) throw new ProblemError('client.ip_not_allowed');

  const limit = contract.rateLimitPerMinute || target.api.rateLimitPerMinute || rt.settings.defaultRateLimitPerMinute;
  const rate = await rt.ports.rateLimiter.consume(`contract:${contract.id}`, limit);
  ctx.rate = rate;
  ctx.headers['RateLimit-Limit'] = String(rate.limit);
  ctx.headers['RateLimit-Remaining'] = String(rate.remaining);
  ctx.headers['RateLimit-Reset'] = String(rate.resetSeconds);
  if (!rate.allowed) {
    throw new ProblemError('client.rate_limited', {
      detail: `Limite de ${rate.limit} requêtes par minute atteinte pour ce contrat.`,
      headers: { 'Retry-After': String(Math.max(1, rate.resetSeconds)) },
    });
  }
}

function inactive(detail: string): ProblemError {
  return new ProblemError('client.contract_inactive', { detail });
}
