/**
 * Who may call each GraphQL root field: the same declarations as REST routes
 * (gateway/http/access.ts), one per `Query`/`Mutation` field, checked before the resolver runs
 * and read by the shared security suite (tests/security). Arguments stand for path and query
 * parameters (`query:organisation` is the `organisation` argument).
 */
import { accessRefusal, type RouteAccess } from '../http/access.js';
import type { GraphQLContext } from './context.js';

type Resolver = (parent: unknown, args: Record<string, unknown>, ctx: GraphQLContext, info: unknown) => unknown;
/** A resolver with its own argument types (`never` accepts them all; the guard passes them on unchanged). */
type AnyResolver = (parent: never, args: never, ctx: GraphQLContext, info: never) => unknown;

const declared = new Map<string, RouteAccess>();

/** Every declared root field (`Query.apis` -> access), for the security suite and the docs. */
export function graphqlFieldAccess(): ReadonlyMap<string, RouteAccess> {
  return declared;
}

/**
 * Declares and guards the root fields of one type: `fields` maps each field to its access and
 * resolver. A refusal is thrown as the same ProblemError as on REST (`extensions.code`).
 */
export function guardFields(type: 'Query' | 'Mutation', fields: Record<string, [RouteAccess, AnyResolver]>): Record<string, Resolver> {
  const out: Record<string, Resolver> = {};
  for (const [name, [access, resolve]] of Object.entries(fields)) {
    declared.set(`${type}.${name}`, access);
    out[name] = function guardedField(parent, args, ctx, info) {
      const refusal = accessRefusal(access, ctx.principal, { path: args ?? {}, query: args ?? {} });
      if (refusal) throw refusal;
      return (resolve as Resolver)(parent, args, ctx, info);
    };
  }
  return out;
}
