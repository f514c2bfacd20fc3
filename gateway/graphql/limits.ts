/**
 * The static limits of a GraphQL operation: depth, aliases and cost, checked on the parsed
 * document before Apollo validates it against the schema (so that a hostile document costs
 * neither graphql-js's O(n²) overlapping-fields check nor a single resolver), with GraphQL
 * Armor's rules.
 * A refusal is a 400 carrying one stable code in `extensions.code` and a French message.
 *
 * Cost model (GraphQL Armor): 2 per field with a selection, 1 per leaf, every nested level
 * weighted ×1.5. Depth counts fields only (fragments flattened).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { parse, validate, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { ProblemError, type ProblemCode } from '../../schemas/index.js';
import type { Config } from '../config.js';

export type GraphQLLimits = Pick<Config, 'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_ALIASES' | 'GRAPHQL_MAX_COST' | 'GRAPHQL_MAX_TOKENS'>;

/** The first refusal aborts the check: nothing after it needs to be computed. */
class LimitExceeded extends Error {
  constructor(readonly problem: ProblemError) {
    super(problem.message);
  }
}

function refuse(code: ProblemCode, detail: string) {
  return (_ctx: ValidationContext | null) => {
    throw new LimitExceeded(new ProblemError(code, { detail }));
  };
}

/** The three rules, configured to hand their refusal to us instead of raising their own (English) error. */
export function limitRules(l: GraphQLLimits): ValidationRule[] {
  const own = { propagateOnRejection: false, exposeLimits: false };
  return [
    maxAliasesRule({
      ...own,
      n: l.GRAPHQL_MAX_ALIASES,
      onReject: [refuse('client.graphql_too_many_aliases', `Une opération GraphQL compte au plus ${l.GRAPHQL_MAX_ALIASES} alias.`)],
    }),
    maxDepthRule({
      ...own,
      n: l.GRAPHQL_MAX_DEPTH,
      flattenFragments: true,
      onReject: [refuse('client.graphql_too_deep', `Une opération GraphQL imbrique au plus ${l.GRAPHQL_MAX_DEPTH} niveaux de champs.`)],
    }),
    costLimitRule({
      ...own,
      maxCost: l.GRAPHQL_MAX_COST,
      onReject: [
        refuse(
          'client.graphql_too_complex',
          `Le coût d’une opération GraphQL est limité à ${l.GRAPHQL_MAX_COST} (2 par objet, 1 par champ simple, ×1,5 par niveau) : découpez la requête.`,
        ),
      ],
    }),
  ];
}

/** Runs the limit rules on a parsed document; returns the refusal, or null when within the limits. */
export function checkLimits(schema: GraphQLSchema, document: DocumentNode, rules: ValidationRule[]): ProblemError | null {
  try {
    validate(schema, document, rules);
    return null;
  } catch (err) {
    if (err instanceof LimitExceeded) return err.problem;
    throw err;
  }
}

/** The operation's document as the client sent it (POST body or GET query string), if any. */
function sourceOf(req: Request): string | null {
  const from = req.method === 'GET' ? req.query : (req.body as Record<string, unknown> | undefined);
  const q = from && typeof from === 'object' ? (from as Record<string, unknown>).query : undefined;
  return typeof q === 'string' ? q : null;
}

/** A GraphQL refusal as a GraphQL response: one error, its stable code, no data. */
export function sendGraphQLProblem(res: Response, p: ProblemError): void {
  res.status(p.status).json({ errors: [{ message: p.detail ?? p.title, extensions: { code: p.code, status: p.status } }] });
}

const REMEMBERED = 1000;

/** The parse error graphql-js raises when a document exceeds `maxTokens` (pinned by the limit tests). */
const TOO_MANY_TOKENS = /Document contains more tha[nt] \d+ tokens/;

/**
 * Express middleware ahead of Apollo: parses the document (at most GRAPHQL_MAX_TOKENS tokens,
 * so that a large document costs little more than a small one) and applies the limits; a
 * refusal, or a syntax error, is answered here, before Apollo parses, validates or executes.
 * Refused documents are remembered by digest (the last REMEMBERED): one sent again costs a hash,
 * not a parse. `schema()` is the server's schema once started.
 */
export function limitsGuard(l: GraphQLLimits, schema: () => GraphQLSchema | null): RequestHandler {
  const rules = limitRules(l);
  const refused = new Map<string, ProblemError>();
  const remember = (key: string, p: ProblemError) => {
    if (refused.size >= REMEMBERED) refused.delete(refused.keys().next().value!);
    refused.set(key, p);
  };
  return function checkGraphQLLimits(req, res, next) {
    const source = sourceOf(req);
    const s = schema();
    if (source === null || !s) {
      next();
      return;
    }
    const key = createHash('sha256').update(source).digest('base64url');
    const known = refused.get(key);
    if (known) {
      sendGraphQLProblem(res, known);
      return;
    }
    let problem: ProblemError | null;
    try {
      problem = checkLimits(s, parse(source, { noLocation: true, maxTokens: l.GRAPHQL_MAX_TOKENS }), rules);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      problem = TOO_MANY_TOKENS.test(message)
        ? new ProblemError('client.graphql_too_large', { detail: `Un document GraphQL compte au plus ${l.GRAPHQL_MAX_TOKENS} lexèmes.` })
        : new ProblemError('client.invalid_request', { detail: message });
    }
    if (!problem) {
      next();
      return;
    }
    remember(key, problem);
    sendGraphQLProblem(res, problem);
  };
}
