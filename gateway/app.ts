import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { ProblemError } from '../schemas/index.js';
import type { AppDeps } from './deps.js';
import { requestId } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import { accessLog } from './http/access-log.js';
import { createHttpMetrics } from './http/metrics.js';
import { problemHandler } from './http/problem.js';
import { authenticate, staticTokenAuthenticator } from './http/auth.js';
import { mountRoutes, type RouteSpec } from './http/route.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { createGraphQL } from './graphql/index.js';
import { opsRoutes, metricsRoute, metricsRegistry } from './rest/ops.js';
import { organisationRoutes } from './rest/organisations.js';
import { webRoutes, dsfrStatic } from './pages/web.js';
import { authRoutes } from './pages/auth.js';
import { requireCsrf, type Identity } from '../identity/index.js';
import type { Services } from './compose.js';
import { exchangeRoutes, exchangeUndecodablePath } from './rest/exchange.js';
import { contractRoutes } from './rest/contracts.js';
import { delegationRoutes } from './rest/delegations.js';
import { ledgerKeyRoutes } from './rest/ledger-keys.js';
import { ledgerProofRoutes } from './rest/ledger-proof.js';
import { proofVerifierRoutes } from './pages/proof-verifier.js';
import { exchangesRoutes } from './rest/exchanges.js';
import { oauthRoutes } from './rest/oauth.js';
import { espaceRoutes } from './pages/espace.js';
import { espaceSettingsRoutes } from './pages/espace-settings.js';
import { organisationAgentRoutes } from './rest/organisation-agents.js';
import { espaceAgentsRoutes } from './pages/espace-agents.js';
import { delegationPageRoutes } from './pages/delegations.js';
import { catalogRoutes } from './rest/catalog.js';
import { catalogImportRoutes, openapiBodyParser, OPENAPI_IMPORT_PATH } from './rest/catalog-import.js';
import { catalogEndpointRoutes } from './rest/catalog-endpoints.js';
import { catalogDictionaryRoutes } from './rest/catalog-dictionary.js';
import { catalogWebRoutes } from './pages/catalog.js';
import { consentRoutes } from './rest/consent.js';
import { moiRoutes } from './pages/moi.js';
import { auditRoutes } from './rest/audit.js';
import { auditStatsRoutes } from './rest/audit-stats.js';
import { auditWebRoutes } from './pages/audit.js';
import { producerRoutes } from './rest/producers.js';
import { flowsFrontOfficeRoutes, flowsRoutes, flowsSubscriberAuthenticator } from './rest/flows.js';
import { flowsPageRoutes } from './pages/flows.js';
import { citizenDossierRoutes } from './rest/consent-citizen.js';
import { moiDossierRoutes } from './pages/moi-dossier.js';
import { auditReportsPageRoutes } from './pages/audit-reports.js';
import { resolveActing } from './services/citizen/acting.js';
import { exchangeListener, constantHeaders } from './http/exchange-listener.js';
import { indicatorsRoutes } from './pages/indicators.js';
import { counterRoutes } from './rest/counter.js';
import { guichetPageRoutes } from './pages/guichet.js';

export interface DatapediaApp {
  app: Express;
  /** What the HTTP server runs: exchanges straight to the pipeline, everything else to `app` (http/exchange-listener.ts). */
  listener: RequestListener;
  /** Every documented route (the source of /openapi.json). */
  routes: RouteSpec[];
  openapi: Record<string, unknown>;
  /** People's identity (embedded provider, relying parties, sessions). */
  identity: Identity;
  /** Stops the GraphQL server; the services and pools belong to the caller. */
  close(): Promise<void>;
}

/**
 * HTTP and GraphQL wiring only: middleware, the route factories over the services built by
 * compose.ts, the GraphQL server. Builds no service and starts no timer.
 */
export async function createApp(deps: AppDeps, services: Services): Promise<DatapediaApp> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  const metrics = createHttpMetrics({ defaultMetrics: deps.config.NODE_ENV !== 'test' });
  const { identity } = services;

  app.use(securityHeaders());
  // The data plane first, with its own minimal middleware chain (a lean hot path).
  const exchange = exchangeRoutes(deps, services.exchange.pipeline, metrics.middleware);
  mountRoutes(app, exchange);
  app.use('/exchange', exchangeUndecodablePath(exchange[0]!));

  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(metrics.middleware);
  // /metrics answers to its own bearer token (METRICS_TOKEN), which the authenticators below do not know.
  mountRoutes(app, [metricsRoute(deps, metricsRegistry(metrics.registry, services.metrics.registry))]);
  app.use('/dsfr', dsfrStatic());
  // The embedded OpenID provider authenticates its own clients, so it sits before our authenticators.
  if (identity.providerMiddleware) app.use('/idp', identity.providerMiddleware);
  // The authorisation server authenticates its own clients (RFC 6749 §2.3): before our authenticators.
  const oauth = oauthRoutes(deps, services);
  mountRoutes(app, oauth);
  // Front offices' flows routes verify their own access tokens (gateway/rest/flows.ts): before our authenticators.
  const flowsFrontOffice = flowsFrontOfficeRoutes(services);
  mountRoutes(app, flowsFrontOffice);
  // OpenAPI documents (JSON or YAML) are read as text with their own, larger limit; the JSON parser then skips them.
  app.use(OPENAPI_IMPORT_PATH, openapiBodyParser(deps.config.OPENAPI_IMPORT_LIMIT_BYTES));
  app.use(express.json({ limit: deps.config.BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] }));
  app.use(
    authenticate([
      ...(deps.authenticators ?? []),
      ...identity.authenticators,
      flowsSubscriberAuthenticator(services.flows.verifyClient),
      staticTokenAuthenticator(deps.config.ADMIN_TOKEN),
    ]),
  );
  app.use(requireCsrf());
  // A representative's session switched to the dossier of the person they represent.
  app.use(resolveActing({ ctx: services.consent.ctx, key: services.citizen.acting.key, secure: services.citizen.acting.secure }));

  let openapi: Record<string, unknown> = {};
  const routes: RouteSpec[] = [
    ...exchange,
    ...opsRoutes(deps, metrics.registry, services.metrics.registry),
    ...organisationRoutes(deps),
    ...catalogRoutes(deps),
    ...catalogImportRoutes(deps),
    ...catalogEndpointRoutes(deps),
    ...catalogDictionaryRoutes(deps),
    ...catalogWebRoutes(deps, services),
    ...producerRoutes(deps, services),
    ...oauth,
    ...contractRoutes(deps, services),
    ...delegationRoutes(services),
    ...espaceRoutes(deps, services),
    ...espaceSettingsRoutes(deps, services),
    ...delegationPageRoutes(deps, services),
    ...consentRoutes(deps, services),
    ...moiRoutes(deps, services),
    ...citizenDossierRoutes(services.citizen),
    ...moiDossierRoutes(deps, services),
    ...auditReportsPageRoutes(services),
    ...auditRoutes(deps, services),
    ...auditStatsRoutes(deps),
    ...auditWebRoutes(deps, services),
    ...flowsFrontOffice,
    ...flowsRoutes(services),
    ...flowsPageRoutes(services),
    ...ledgerKeyRoutes({ pool: deps.pool, pinned: services.ledger.trust.pinned }),
    ...ledgerProofRoutes({
      pool: deps.pool,
      minCosignatures: services.ledger.trust.quorum ?? (services.ledger.trust.witnesses.length || undefined),
    }),
    // Before webRoutes: `/assets/preuve.js` is served here, not by the generic `/assets/{name}`.
    ...proofVerifierRoutes({ pool: deps.pool, verifierScript: services.ledger.verifierScript }),
    ...exchangesRoutes(deps),
    ...indicatorsRoutes(deps, services.indicators),
    ...counterRoutes(services),
    ...guichetPageRoutes(deps, services),
    ...webRoutes(() => openapi, { config: deps.config }),
    ...authRoutes(deps, identity, services.agents.bindAtLogin),
    ...organisationAgentRoutes(services),
    ...espaceAgentsRoutes(deps, services),
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      tags: ['exploitation'],
      security: [],
      access: 'public',
      summary: 'Ce document (OpenAPI 3.1)',
      responses: { '200': { description: 'Document OpenAPI 3.1' } },
      handler: (_req, res) => {
        res.json(openapi);
      },
    },
  ];
  mountRoutes(app, routes);
  openapi = buildOpenApiDocument(routes, deps.config.PUBLIC_URL);

  const graphql = await createGraphQL(deps, services);
  app.post('/graphql', graphql.middleware);
  app.get('/graphql', graphql.middleware);

  // Unknown route (RFC 9457 answer rather than express' HTML page).
  app.use(function routeNotFound(req, _res, next) {
    next(new ProblemError('client.route_not_found', { detail: `Aucune route ${req.method} ${req.path}.` }));
  });
  app.use(problemHandler(deps.config.PUBLIC_URL, deps.logger));

  const listener = exchangeListener({
    pipeline: services.exchange.pipeline,
    logger: deps.logger,
    bodyLimitBytes: deps.config.BODY_LIMIT_BYTES,
    headers: constantHeaders(securityHeaders()),
    observe: metrics.observe,
    fallback: app,
  });
  return {
    app,
    listener,
    routes,
    openapi,
    identity,
    close: () => graphql.stop(),
  };
}
