import type pg from 'pg';
import * as apisStore from './store/apis.js';
import * as endpointsStore from './store/endpoints.js';
import type { Api, EndpointParameter } from './types.js';

/** What the exchange needs to serve one call, found from the API slug, method and producer path. */
export interface ResolvedEndpoint {
  api: Pick<
    Api,
    | 'id'
    | 'slug'
    | 'producerSiret'
    | 'title'
    | 'lifecycle'
    | 'sunsetDate'
    | 'deprecationNotice'
    | 'access'
    | 'sensitivity'
    | 'subjectKind'
    | 'consentPolicy'
    | 'proactive'
    | 'rateLimitPerMinute'
  > & { connector: unknown };
  endpoint: {
    id: string;
    operationId: string;
    method: string;
    pathTemplate: string;
    parameters: EndpointParameter[];
    requestBodySchema: object | null;
    responseSchema: object | null;
  };
  pathParams: Record<string, string>;
}

interface CompiledRoute {
  method: string;
  regex: RegExp;
  names: string[];
  endpoint: ResolvedEndpoint['endpoint'];
}

interface CompiledApi {
  loadedAt: number;
  api: ResolvedEndpoint['api'] | null;
  routes: CompiledRoute[];
}

export interface EndpointResolver {
  resolve(apiSlug: string, method: string, producerPath: string): Promise<ResolvedEndpoint | null>;
  /** Forgets one API (or all): the next call reloads it from the database. */
  invalidate(apiSlug?: string): void;
  close(): Promise<void>;
}

/** Default bound on staleness across processes when LISTEN/NOTIFY is not used. */
export const RESOLVER_TTL_MS = 5000;

const live = new Set<EndpointResolver>();

/** Invalidates every resolver of this process (called by the catalogue's own writes). */
export function invalidateResolvedApi(slug: string): void {
  for (const r of live) r.invalidate(slug);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/a/{b}/c` -> `^/a/([^/]+)/c$`; a parameter matches one non-empty path segment (OpenAPI §4.8.8.2). */
export function compilePathTemplate(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return escapeRegex(part);
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

async function load(pool: Pick<pg.Pool, 'query'>, slug: string, now: number): Promise<CompiledApi> {
  const row = await apisStore.findApiBySlug(pool, slug);
  if (!row) return { loadedAt: now, api: null, routes: [] };
  // The exchange path alone receives the (sealed) connector binding, to build the API's connector.
  const connector = await apisStore.findApiConnectorBySlug(pool, slug);
  const api: ResolvedEndpoint['api'] = {
    id: row.id,
    slug: row.slug,
    producerSiret: row.producer_siret,
    title: row.title,
    lifecycle: row.lifecycle as Api['lifecycle'],
    sunsetDate: row.sunset_date,
    deprecationNotice: row.deprecation_notice,
    access: row.access as Api['access'],
    sensitivity: row.sensitivity as Api['sensitivity'],
    subjectKind: row.subject_kind as Api['subjectKind'],
    consentPolicy: row.consent_policy as Api['consentPolicy'],
    proactive: row.proactive,
    rateLimitPerMinute: row.rate_limit_per_minute,
    connector,
  };
  const routes = (await endpointsStore.listEndpointsByApiId(pool, row.id)).map((e) => {
    const { regex, names } = compilePathTemplate(e.path_template);
    return {
      method: e.method,
      regex,
      names,
      endpoint: {
        id: e.id,
        operationId: e.operation_id,
        method: e.method,
        pathTemplate: e.path_template,
        parameters: e.parameters as EndpointParameter[],
        requestBodySchema: (e.request_body_schema as object) ?? null,
        responseSchema: (e.response_schema as object) ?? null,
      },
    };
  });
  // Concrete paths win over templated ones (OpenAPI §4.8.8.2): fewer parameters first, then longer templates.
  routes.sort((a, b) => a.names.length - b.names.length || b.endpoint.pathTemplate.length - a.endpoint.pathTemplate.length);
  return { loadedAt: now, api, routes };
}

function match(c: CompiledApi, method: string, path: string): ResolvedEndpoint | null {
  if (!c.api) return null;
  const m = method.toLowerCase();
  for (const r of c.routes) {
    if (r.method !== m) continue;
    const found = r.regex.exec(path);
    if (!found) continue;
    const pathParams: Record<string, string> = {};
    try {
      r.names.forEach((n, i) => {
        pathParams[n] = decodeURIComponent(found[i + 1]!);
      });
    } catch {
      return null; // malformed percent-encoding: no endpoint
    }
    return { api: c.api, endpoint: r.endpoint, pathParams };
  }
  return null;
}

/**
 * An in-memory resolver for the exchange hot path: each API is loaded once, its path templates
 * compiled to regular expressions, and kept until invalidated. Staleness across processes is
 * bounded by `ttlMs` (default 5 s); with `listen: true` the resolver also holds one connection
 * LISTENing on `datapedia_catalog` (NOTIFY is sent in the importing transaction, so delivery
 * follows the commit) and drops an API as soon as another process changes it.
 */
export function createEndpointResolver(
  pool: pg.Pool,
  opts: { ttlMs?: number; now?: () => number; listen?: boolean } = {},
): EndpointResolver {
  const ttl = opts.ttlMs ?? RESOLVER_TTL_MS;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Promise<CompiledApi>>();
  let listener: pg.PoolClient | null = null;
  let closed = false;

  const resolver: EndpointResolver = {
    async resolve(apiSlug, method, producerPath) {
      let entry = cache.get(apiSlug);
      if (entry) {
        const c = await entry;
        if (now() - c.loadedAt <= ttl && cache.get(apiSlug) === entry) return match(c, method, producerPath);
      }
      entry = load(pool, apiSlug, now());
      cache.set(apiSlug, entry);
      entry.catch(() => {
        if (cache.get(apiSlug) === entry) cache.delete(apiSlug);
      });
      return match(await entry, method, producerPath);
    },
    invalidate(apiSlug) {
      if (apiSlug === undefined) cache.clear();
      else cache.delete(apiSlug);
    },
    async close() {
      closed = true;
      live.delete(resolver);
      cache.clear();
      if (listener) {
        listener.removeAllListeners('notification');
        await listener.query('UNLISTEN datapedia_catalog').catch(() => undefined);
        listener.release();
        listener = null;
      }
    },
  };
  live.add(resolver);
  if (opts.listen) {
    void pool
      .connect()
      .then(async (client) => {
        if (closed) return client.release();
        listener = client;
        client.on('notification', (n) => {
          if (n.channel === 'datapedia_catalog') resolver.invalidate(n.payload || undefined);
        });
        client.on('error', () => resolver.invalidate());
        await client.query('LISTEN datapedia_catalog');
      })
      .catch(() => undefined);
  }
  return resolver;
}

const defaults = new WeakMap<pg.Pool, EndpointResolver>();

/**
 * Finds the endpoint of `apiSlug` serving `method producerPath`, or null (unknown API or no
 * operation). Uses one TTL-bounded resolver per pool (see `createEndpointResolver`); local
 * imports invalidate it at once.
 */
export async function resolveEndpoint(
  pool: pg.Pool,
  apiSlug: string,
  method: string,
  producerPath: string,
): Promise<ResolvedEndpoint | null> {
  let r = defaults.get(pool);
  if (!r) defaults.set(pool, (r = createEndpointResolver(pool)));
  return r.resolve(apiSlug, method, producerPath);
}
