import type { RouteSpec } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { isMigrated } from '../process/migrate.js';
import { ProblemError } from '../../schemas/index.js';
import type { Registry } from 'prom-client';

/** Operations: liveness, readiness, Prometheus metrics. */
export function opsRoutes(deps: AppDeps, registry: Registry): RouteSpec[] {
  return [
    {
      method: 'get', path: '/healthz', operationId: 'getHealth', tags: ['exploitation'], security: [], access: 'public',
      summary: 'Le processus est vivant',
      responses: { '200': { description: 'Vivant', schema: { type: 'object', properties: { status: { const: 'ok' } } } } },
      handler: (_req, res) => { res.json({ status: 'ok' }); },
    },
    {
      method: 'get', path: '/readyz', operationId: 'getReadiness', tags: ['exploitation'], security: [], access: 'public',
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
          throw new ProblemError('gateway.not_ready', { detail: 'Base de données injoignable.', cause: err, headers: { 'Retry-After': '5' } });
        }
        if (!ok) throw new ProblemError('gateway.not_ready', { detail: 'Migrations en attente.', headers: { 'Retry-After': '5' } });
        res.json({ status: 'ready' });
      },
    },
    {
      method: 'get', path: '/metrics', operationId: 'getMetrics', tags: ['exploitation'], security: [], access: 'public',
      summary: 'Métriques Prometheus (format texte)',
      responses: { '200': { description: 'Exposition Prometheus', contentType: 'text/plain', schema: { type: 'string' } } },
      handler: async (_req, res) => {
        res.type(registry.contentType).send(await registry.metrics());
      },
    },
  ];
}
