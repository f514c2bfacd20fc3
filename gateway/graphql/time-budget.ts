/**
 * The time budget of one GraphQL operation (GRAPHQL_TIMEOUT_MS). Every resolver of the schema
 * is guarded: past the deadline none starts (so the operation stops asking the database), and
 * a query resolver still waiting at the deadline is abandoned. The operation then fails as a
 * whole with 503 `gateway.graphql_timeout` — no partial data. A mutation already started is
 * awaited: abandoning it would report a failure for a change that may still commit.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { ProblemError } from '../../schemas/index.js';
import type { GraphQLContext, TimeBudget } from './context.js';

const CODE = 'gateway.graphql_timeout';

function timeout(ms: number): ProblemError {
  return new ProblemError(CODE, {
    detail: `L’opération GraphQL a dépassé son budget de ${ms} ms ; réessayez avec une requête plus petite.`,
  });
}

export function startTimeBudget(ms: number): TimeBudget {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout(ms)), ms);
    timer.unref();
  });
  expired.catch(() => undefined);
  const deadline = Date.now() + ms;
  return { ms, deadline, expired, cancel: () => clearTimeout(timer) };
}

type Resolver = (parent: unknown, args: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;

function guard(fn: Resolver, abandon: boolean): Resolver {
  return function guarded(parent, args, ctx, info) {
    const budget = ctx.budget;
    if (!budget) return fn(parent, args, ctx, info);
    if (Date.now() >= budget.deadline) throw timeout(budget.ms);
    const out = fn(parent, args, ctx, info);
    return abandon && out instanceof Promise ? Promise.race([out, budget.expired]) : out;
  };
}

/** The resolver maps with every function guarded (scalars and other objects left as they are). */
export function withTimeBudget<T extends Record<string, Record<string, unknown>>>(resolvers: T): T {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, fields] of Object.entries(resolvers)) {
    if (typeof fields !== 'object' || fields === null || fields.constructor !== Object) {
      out[type] = fields;
      continue;
    }
    out[type] = Object.fromEntries(
      Object.entries(fields).map(([name, fn]) => [name, typeof fn === 'function' ? guard(fn as Resolver, type !== 'Mutation') : fn]),
    );
  }
  return out as T;
}

/** Cancels the budget's timer; an operation that ran out answers one error and no data. */
export function timeBudgetPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          rc.contextValue.budget?.cancel();
          const body = rc.response.body;
          if (body.kind !== 'single') return;
          const first = body.singleResult.errors?.find((e) => e.extensions?.code === CODE);
          if (!first) return;
          body.singleResult = { errors: [{ message: first.message, extensions: first.extensions }] };
          rc.response.http.status = 503;
        },
      };
    },
  };
}
