import type { RouteSpec } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { isMigrated } from '../process/migrate.js';
import { ProblemError } from '../../schemas/index.js';
import { Registry } from 'prom-client';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time, RFC 6750 §2.1). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([\x21-\x7e]+)$/.exec(header ?? '');
  if (!m) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(m[1]!), digest(token));
}

/** HTTP metrics (per app) and service metrics (exchanges, ledger...: per composed services), one exposition. */
export function metricsRegistry(httpRegistry: Registry, serviceRegistry?: Registry): Registry {
  return serviceRegistry ? Registry.merge([httpRegistry, serviceRegistry]) : httpRegistry;
}

/** Operations: liveness, readiness, Prometheus metrics. */
export function opsRoutes(deps: AppDeps, httpRegistry: Registry, serviceRegistry?: Registry): RouteSpec[] {
  const registry = metricsRegistry(httpRegistry, serviceRegistry);
  return [
    {
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      tags: ['exploitation'],
      security: [],
      access: 'public',
      summary: 'Le processus est vivant',
      responses: { '200': { description: 'Vivant', schema: { type: 'object', properties: { status: { const: 'ok' } } } } },
      handler: (_req, res) => {
        res.json({ status: 'ok' });
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      tags: ['exploitation'],
      security: [],
      access: 'public',
      summary: 'La base de données est joignable et à jour des migrations',
      responses: {
        '200': { description: 'Prêt', schema: { type: 'object', properties: { status: { const: 'ready' } } } },
        '503': { description: 'Pas prêt', contentType: 'application/problem+json', schema: { $ref: '#/components/schemas/Problem' } },
      },
      handler: async (_req, res) => {
        let ok = false;
        try {
          ok = await isMigrated(deps.pool);
        } catch (err) {
          throw new ProblemError('gateway.not_ready', {
            detail: 'Base de données injoignable.',
            cause: err,
            headers: { 'Retry-After': '5' },
          });
        }
        if (!ok) throw new ProblemError('gateway.not_ready', { detail: 'Migrations en attente.', headers: { 'Retry-After': '5' } });
        res.json({ status: 'ready' });
      },
    },
    metricsRoute(deps, registry),
  ];
}

/**
 * `GET /metrics`. Mounted by the app before the authenticators as well (its bearer token is the
 * metrics token, which they do not know), and listed with the other routes.
 */
export function metricsRoute(deps: AppDeps, registry: Registry): RouteSpec {
  return {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tags: ['exploitation'],
    security: [],
    access: 'public',
    summary: 'Métriques Prometheus (format texte)',
    description:
      'Requêtes HTTP, échanges par API et code de résultat, latence des producteurs, état des disjoncteurs, file et latence de validation du journal, âge du dernier point de contrôle, retard du relais et de l’évaluateur. Avec `METRICS_TOKEN` : `Authorization: Bearer <METRICS_TOKEN>` exigé ; en production sans `METRICS_TOKEN`, la route n’est pas exposée.',
    responses: {
      '200': { description: 'Exposition Prometheus', contentType: 'text/plain', schema: { type: 'string' } },
      '401': {
        description: 'Jeton de métriques absent ou faux',
        contentType: 'application/problem+json',
        schema: { $ref: '#/components/schemas/Problem' },
      },
    },
    handler: async (req, res) => {
      const token = deps.config.METRICS_TOKEN;
      if (!token && deps.config.NODE_ENV === 'production')
        throw new ProblemError('client.route_not_found', { detail: 'Aucune route GET /metrics.' });
      if (token && !bearerMatches(req.headers.authorization, token)) {
        throw new ProblemError('client.unauthenticated', {
          detail: 'Jeton de métriques requis (Authorization: Bearer).',
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
      }
      res
        .set('Cache-Control', 'no-store')
        .type(registry.contentType)
        .send(await registry.metrics());
    },
  };
}
