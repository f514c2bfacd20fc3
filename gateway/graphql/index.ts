import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ProblemError, isProblemCode } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';
import type { GraphQLContext, GraphQLModule } from './context.js';
import { organisationsModule } from './organisations.js';
import { exchangesModule } from './exchanges.js';
import { catalogModule } from './catalog.js';
import { contractsModule } from './contracts.js';
import { consentModule } from './consent.js';
import { auditModule } from './audit.js';

/** Every GraphQL module; adding a surface is one line here. */
const MODULES: GraphQLModule[] = [organisationsModule, catalogModule, contractsModule, consentModule, auditModule, exchangesModule];

const ROOT = `#graphql
type Query { "Version du schéma." _version: String! }
type Mutation { _noop: Boolean }
`;

/** Apollo's own client-side failures, mapped onto our catalogue. */
const APOLLO_CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_FOUND']);

/**
 * GraphQL errors carry the same stable code as REST problems in `extensions.code`
 * (STYLE.md #6). Unknown errors become `gateway.internal` with no internal detail.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof ProblemError) {
    return { message: original.detail ?? original.title, locations: formatted.locations, path: formatted.path, extensions: { code: original.code, status: original.status, ...(original.errors ? { errors: original.errors } : {}) } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (APOLLO_CLIENT_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'client.invalid_request', status: 400 } };
  }
  if (isProblemCode(code)) return formatted;
  return { message: 'Erreur interne', path: formatted.path, extensions: { code: 'gateway.internal', status: 500 } };
}

export interface GraphQLHandle {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

/** Builds and starts the Apollo server; the middleware expects `req.body` parsed and `req.principal` set. */
export async function createGraphQL(deps: AppDeps, extraPlugins: ApolloServerPlugin<GraphQLContext>[] = []): Promise<GraphQLHandle> {
  const server = new ApolloServer<GraphQLContext>({
    typeDefs: [ROOT, ...MODULES.map((m) => m.typeDefs)],
    resolvers: [{ Query: { _version: () => '1' } }, ...MODULES.map((m) => m.resolvers)] as never,
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns graceful shutdown (Apollo would otherwise stop itself and re-raise the signal).
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: extraPlugins,
  });
  await server.start();
  const middleware = expressMiddleware(server, {
    context: async ({ req }) => ({ deps, principal: req.principal, requestId: req.id }),
  });
  return { middleware, stop: () => server.stop() };
}
