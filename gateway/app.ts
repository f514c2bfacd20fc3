import express, { type Express } from 'express';
import { ProblemError } from '../schemas/index.js';
import type { AppDeps } from './deps.js';
import { requestId } from './http/request-id.js';
import { accessLog } from './http/access-log.js';
import { createHttpMetrics } from './http/metrics.js';
import { problemHandler } from './http/problem.js';
import { authenticate, staticTokenAuthenticator } from './http/auth.js';
import { mountRoutes, type RouteSpec } from './http/route.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { createGraphQL } from './graphql/index.js';
import { opsRoutes } from './routes/ops.js';
import { organisationRoutes } from './routes/organisations.js';
import { webRoutes, dsfrStatic } from './routes/web.js';

export interface DatapediaApp {
  app: Express;
  /** Every documented route (the source of /openapi.json). */
  routes: RouteSpec[];
  openapi: Record<string, unknown>;
  /** Releases what the app started (GraphQL server, timers); the pool belongs to the caller. */
  close(): Promise<void>;
}

/**
 * Wires the HTTP surfaces over the domain functions. Builds nothing that talks to the outside
 * world: pools, clients and clocks come in `deps` (STYLE.md #2).
 */
export async function createApp(deps: AppDeps): Promise<DatapediaApp> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  const metrics = createHttpMetrics({ defaultMetrics: deps.config.NODE_ENV !== 'test' });

  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(metrics.middleware);
  app.use('/dsfr', dsfrStatic());
  app.use(express.json({ limit: deps.config.BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] }));
  app.use(authenticate([...(deps.authenticators ?? []), staticTokenAuthenticator(deps.config.ADMIN_TOKEN)]));

  let openapi: Record<string, unknown> = {};
  const routes: RouteSpec[] = [
    ...opsRoutes(deps, metrics.registry),
    ...organisationRoutes(deps),
    ...webRoutes(() => openapi),
    {
      method: 'get', path: '/openapi.json', operationId: 'getOpenApi', tags: ['exploitation'], security: [],
      summary: 'Ce document (OpenAPI 3.1)', responses: { '200': { description: 'Document OpenAPI 3.1' } },
      handler: (_req, res) => { res.json(openapi); },
    },
  ];
  mountRoutes(app, routes);
  openapi = buildOpenApiDocument(routes, deps.config.PUBLIC_URL);

  const graphql = await createGraphQL(deps);
  app.post('/graphql', graphql.middleware);
  app.get('/graphql', graphql.middleware);

  // Unknown route (RFC 9457 answer rather than express' HTML page).
  app.use(function routeNotFound(req, _res, next) {
    next(new ProblemError('client.route_not_found', { detail: `Aucune route ${req.method} ${req.path}.` }));
  });
  app.use(problemHandler(deps.config.PUBLIC_URL, deps.logger));

  return {
    app,
    routes,
    openapi,
    close: async () => { await graphql.stop(); },
  };
}
