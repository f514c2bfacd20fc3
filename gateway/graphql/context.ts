import type { AppDeps } from '../deps.js';
import type { Principal } from '../http/principal.js';

/** What every resolver receives. Resolvers call domain functions; they never touch SQL. */
export interface GraphQLContext {
  deps: AppDeps;
  principal?: Principal;
  requestId: string;
}

/** A GraphQL module: its SDL and resolvers, merged by gateway/graphql/index.ts. */
export interface GraphQLModule {
  typeDefs: string;
  resolvers: Record<string, Record<string, unknown>>;
}
