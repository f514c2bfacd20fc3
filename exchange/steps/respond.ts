/**
 * Step 10 — respond. Builds the exact bytes of the answer (the ledger records their SHA-256,
 * so what the consumer received can be matched to its event):
 * - success: 200 `{ data, meta: { exchangeId, api, endpoint, scopes } }` (+ `deprecation` in
 *   meta for a deprecated API), JSON;
 * - failure: RFC 9457 problem+json whose `instance` is `urn:uuid:<exchangeId>`.
 * `X-Request-ID` is the exchange id; RateLimit-* and Deprecation/Sunset headers ride along.
 */
import { problemDocument, type ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeResult } from '../context.js';

export function respond(ctx: ExchangeContext, publicUrl: string): ExchangeResult {
  const headers: Record<string, string> = { 'X-Request-ID': ctx.exchangeId, ...ctx.headers };
  if (ctx.problem) return respondProblem(ctx, ctx.problem, publicUrl, headers);
  const target = ctx.target!;
  const meta: Record<string, unknown> = {
    exchangeId: ctx.exchangeId,
    api: target.api.slug,
    endpoint: target.endpoint.operationId,
    scopes: ctx.grantedScopes!.map((s) => s.name),
  };
  if (target.api.lifecycle === 'deprecated') {
    meta.deprecation = { notice: target.api.deprecationNotice ?? 'Cette API est dépréciée.', sunset: target.api.sunsetDate };
  }
  return { status: 200, headers, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ data: ctx.data, meta }) };
}

/** A problem answer (also used when recording failed). */
export function respondProblem(
  ctx: ExchangeContext,
  problem: ProblemError,
  publicUrl: string,
  headers: Record<string, string> = { 'X-Request-ID': ctx.exchangeId, ...ctx.headers },
): ExchangeResult {
  return {
    status: problem.status,
    headers: { ...headers, ...problem.headers },
    contentType: 'application/problem+json; charset=utf-8',
    body: JSON.stringify(problemDocument(problem, ctx.exchangeId, publicUrl)),
  };
}
