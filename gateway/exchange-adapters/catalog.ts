/**
 * EndpointCatalog over the catalogue domain: the catalogue's in-memory endpoint resolver
 * (LISTEN/NOTIFY-invalidated, TTL-bounded), its scopes and field→data-element links cached for
 * the same TTL, and its `maskResponse`/`fieldsDelivered` (the one allowlist implementation).
 */
import type pg from 'pg';
import {
  createEndpointResolver,
  listScopes,
  listFieldLinks,
  maskResponse,
  fieldsDelivered,
  fieldCovers,
  RESOLVER_TTL_MS,
} from '../../catalog/index.js';
import type { EndpointCatalog } from '../../exchange/index.js';
import { ttlCache } from './ttl-cache.js';

export function catalogEndpoints(
  pool: pg.Pool,
  opts: { listen?: boolean; ttlMs?: number } = {},
): EndpointCatalog & { close(): Promise<void> } {
  const ttl = opts.ttlMs ?? RESOLVER_TTL_MS;
  const resolver = createEndpointResolver(pool, { listen: opts.listen ?? false, ttlMs: ttl });
  const scopesOf = ttlCache(ttl, (slug) => listScopes(pool, slug));
  const linksOf = ttlCache(ttl, (slug) => listFieldLinks(pool, slug));
  return {
    async resolve(apiSlug, method, producerPath) {
      const found = await resolver.resolve(apiSlug, method, producerPath);
      if (!found) return null;
      const scopes = await scopesOf(apiSlug);
      return { ...found, scopes: scopes.map((s) => ({ name: s.name, pointers: s.pointers })) };
    },
    mask: maskResponse,
    fieldsDelivered,
    async dataElements(apiSlug, pointers) {
      const links = await linksOf(apiSlug);
      const ids = new Set<string>();
      for (const [pointer, element] of Object.entries(links)) {
        if (pointers.some((p) => fieldCovers(pointer, p) || fieldCovers(p, pointer))) ids.add(element);
      }
      return [...ids];
    },
    fieldLinks: (apiSlug) => linksOf(apiSlug),
    close: () => resolver.close(),
  };
}
