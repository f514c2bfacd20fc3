import type pg from 'pg';
import { getApi, listEndpoints, listScopes } from '../catalog/index.js';
import { ProblemError } from '../schemas/index.js';
import type { ApiLookup } from './types.js';

/**
 * The catalogue as the contracts domain sees it: an API's producer, sensitivity, rate limit,
 * scope names and endpoint operationIds. A retired or unknown API cannot be requested.
 */
export function catalogueApiLookup(pool: pg.Pool): ApiLookup {
  return async function lookupApi(apiSlug) {
    let api;
    try {
      api = await getApi(pool, apiSlug);
    } catch (err) {
      if (err instanceof ProblemError && err.code === 'client.not_found') return null;
      throw err;
    }
    if (api.lifecycle === 'retired') return null;
    const [scopes, endpoints] = await Promise.all([listScopes(pool, apiSlug), listEndpoints(pool, apiSlug)]);
    return {
      slug: api.slug,
      title: api.title,
      producerSiret: api.producerSiret,
      access: api.access,
      sensitivity: api.sensitivity,
      rateLimitPerMinute: api.rateLimitPerMinute,
      scopes: scopes.map((s) => s.name),
      endpoints: endpoints.map((e) => e.operationId),
    };
  };
}
