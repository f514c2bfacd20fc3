import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ProblemError, isProblemCode } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';
import type { Services } from '../compose.js';
import type { GraphQLContext, GraphQLModule } from './context.js';
import { organisationsModule } from './organisations.js';
import { exchangesModule } from './exchanges.js';
import { catalogModule } from './catalog.js';
import { contractsModule } from './contracts.js';
import { consentModule } from './consent.js';
import { auditModule } from './audit.js';
import { guardFields } from './access.js';
import { limitsGuard, sendGraphQLProblem } from './limits.js';
import { startTimeBudget, timeBudgetPlugin, withTimeBudget } from './time-budget.js';

/** Every GraphQL module; adding a surface is one line here. */
const MODULES: GraphQLModule[] = [organisationsModule, catalogModule, contractsModule, consentModule, auditModule, exchangesModule];

const ROOT = `#graphql
type Query { "Version du schéma." _version: String! }
type Mutation { _noop: Boolean }
`;

/** Apollo's own client-side failures, mapped onto our catalogue. */
const APOLLO_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * GraphQL errors carry the same stable code as REST problems in `extensions.code`
 * (docs/architecture.md, "Errors"). Unknown errors become `gateway.internal` with no internal detail.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  let original = error;
  while (original instanceof GraphQLError && original.originalError) original = original.originalError;
  if (original instanceof ProblemError) {
    return {
      message: original.detail ?? original.title,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, status: original.status, ...(original.errors ? { errors: original.errors } : {}) },
    };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (formatted.extensions?.validationErrorCode === 'INTROSPECTION_DISABLED') {
    return {
      message: 'L’introspection du schéma GraphQL est désactivée en production ; le schéma est documenté dans /docs.',
      extensions: { code: 'client.graphql_introspection_disabled', status: 400 },
    };
  }
  if (APOLLO_CLIENT_CODES.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'client.invalid_request', status: 400 },
    };
  }
  if (isProblemCode(code)) return formatted;
  return { message: 'Erreur interne', path: formatted.path, extensions: { code: 'gateway.internal', status: 500 } };
}

export interface GraphQLHandle {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

/**
 * One HTTP request carries one operation: a JSON array (a batch) is refused before Apollo, with
 * the code every GraphQL refusal carries, so that limits and time budget apply per request.
 */
const refuseBatches: RequestHandler = function refuseGraphQLBatches(req, res, next) {
  if (!Array.isArray(req.body)) {
    next();
    return;
  }
  sendGraphQLProblem(
    res,
    new ProblemError('client.graphql_batch_refused', {
      detail: 'Une requête HTTP porte une seule opération GraphQL ; envoyez les opérations séparément.',
    }),
  );
};

/**
 * Builds and starts the Apollo server; the middleware expects `req.body` parsed and `req.principal` set.
 * Bounded (docs/architecture.md, "Public surfaces"): depth, alias and cost limits before
 * validation, one operation per request, a time budget per operation, and in production no
 * introspection and no schema hints in error messages.
 */
export async function createGraphQL(
  deps: AppDeps,
  services: Services,
  extraPlugins: ApolloServerPlugin<GraphQLContext>[] = [],
): Promise<GraphQLHandle> {
  const c = deps.config;
  const production = c.NODE_ENV === 'production';
  let schema: GraphQLSchema | null = null;
  const captureSchema: ApolloServerPlugin<GraphQLContext> = {
    async serverWillStart(service) {
      schema = service.schema;
    },
  };
  const server = new ApolloServer<GraphQLContext>({
    typeDefs: [ROOT, ...MODULES.map((m) => m.typeDefs)],
    resolvers: [
      {
        Query: guardFields('Query', { _version: ['public', () => '1'] }),
        Mutation: guardFields('Mutation', { _noop: ['public', () => null] }),
      },
      ...MODULES.map((m) => m.resolvers),
    ].map((r) => withTimeBudget(r)) as never,
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns graceful shutdown (Apollo would otherwise stop itself and re-raise the signal).
    stopOnTerminationSignals: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // No landing page: Apollo's would load its Sandbox from a CDN (nothing leaves the origin; the schema is documented in /docs).
    plugins: [captureSchema, timeBudgetPlugin(), ApolloServerPluginLandingPageDisabled(), ...extraPlugins],
  });
  await server.start();
  const apollo = expressMiddleware(server, {
    context: async ({ req }) => ({
      deps,
      services,
      principal: req.principal,
      requestId: req.id,
      budget: startTimeBudget(c.GRAPHQL_TIMEOUT_MS),
    }),
  });
  const limits = limitsGuard(c, () => schema);
  const middleware: RequestHandler = (req, res, next) => refuseBatches(req, res, () => limits(req, res, () => apollo(req, res, next)));
  return { middleware, stop: () => server.stop() };
}
