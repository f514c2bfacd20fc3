/**
 * Finds the producer endpoint an exchange names, and applies the API's lifecycle (part of
 * authorise). Rules: an unknown API or endpoint, or a draft API, is 404 `client.not_found`;
 * a retired API is 410 `client.api_retired`; a deprecated API is served with `Deprecation`
 * (draft-ietf-httpapi-deprecation-header) and `Sunset` (RFC 8594) headers.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';

export async function resolveTarget(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const { apiSlug, method, path } = ctx.input;
  const target = await rt.ports.catalog.resolve(apiSlug, method, path);
  if (!target || target.api.lifecycle === 'draft') {
    throw new ProblemError('client.not_found', { detail: `Aucun point d’accès ${method} ${path} pour l’API « ${apiSlug} ».` });
  }
  ctx.target = target;
  if (target.api.lifecycle === 'retired') {
    throw new ProblemError('client.api_retired', { detail: `L’API « ${apiSlug} » est retirée.` });
  }
  if (target.api.lifecycle === 'deprecated') {
    ctx.headers.Deprecation = 'true';
    if (target.api.sunsetDate) ctx.headers.Sunset = new Date(target.api.sunsetDate).toUTCString();
  }
}
