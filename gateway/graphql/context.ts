import type { AppDeps } from '../deps.js';
import type { Services } from '../compose.js';
import type { Principal } from '../http/principal.js';

/** The time budget of one operation (gateway/graphql/time-budget.ts). */
export interface TimeBudget {
  readonly ms: number;
  readonly deadline: number;
  /** Rejects at the deadline (never resolves). */
  readonly expired: Promise<never>;
  cancel(): void;
}

/** What every resolver receives. Resolvers call domain functions; they never touch SQL. */
export interface GraphQLContext {
  deps: AppDeps;
  /** The process's services (compose.ts). */
  services: Services;
  principal?: Principal;
  requestId: string;
  /** This operation's time budget (GRAPHQL_TIMEOUT_MS). */
  budget?: TimeBudget;
}

/** A GraphQL module: its SDL and resolvers, merged by gateway/graphql/index.ts. */
export interface GraphQLModule {
  typeDefs: string;
  resolvers: Record<string, Record<string, unknown>>;
}
