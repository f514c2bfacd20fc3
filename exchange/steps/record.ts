/**
 * Step 9 — record (docs/architecture.md, invariant 1: no data without a trace). Every outcome of the exchange
 * path is appended to the ledger — served, denied (client.*), failed (provider.*, gateway.*) —
 * and the append is AWAITED: the writer resolves only once the event's batch committed. If the
 * ledger refuses or fails, the prepared answer is dropped and 503 `gateway.ledger_unavailable`
 * (+ Retry-After) is returned instead: nothing is released without its event.
 * The event holds no personal data in clear (invariant 4): subject_ref, field names, the SHA-256
 * of the delivered bytes.
 * A denial without a valid credential (no token, invalid token, unknown API...) is counted into
 * its per-minute aggregate instead (anonymous-denials.ts): it releases nothing, and one event each
 * would let anyone flood the ledger. Denials of authenticated callers stay one event each.
 * The API slug is recorded only when it names an API of the catalogue, never the caller's text.
 */
import { createHash } from 'node:crypto';
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeResult, ExchangeRuntime } from '../context.js';
import type { ExchangeEvent } from '../ports.js';
import { respondProblem } from './respond.js';

export function buildEvent(
  ctx: ExchangeContext,
  reply: ExchangeResult,
  occurredAt: Date,
  dataElements: string[] | undefined,
): ExchangeEvent {
  const problem = ctx.problem;
  const outcome = !problem ? 'served' : problem.code.startsWith('client.') ? 'denied' : 'failed';
  const { claims, contract, target, traceability, subject } = ctx;
  return {
    id: ctx.exchangeId,
    type: `exchange.${outcome}`,
    occurredAt,
    consumerSiret: claims?.consumer_siret,
    clientId: claims?.client_id,
    contractId: contract?.id ?? claims?.contract_id,
    contractVersion: contract?.version ?? claims?.contract_version,
    producerSiret: target?.api.producerSiret,
    apiSlug: target?.api.slug,
    endpoint: target?.endpoint.operationId,
    fields: outcome === 'served' ? ctx.fields : undefined,
    dataElements,
    subjectRef: subject?.ref,
    subjectKind: subject?.kind,
    recipient: traceability?.recipient,
    context: traceability?.context,
    object: traceability?.object,
    legalBasis: contract?.legalBasis,
    outcome,
    problemCode: problem?.code,
    status: reply.status,
    latencyMs: Math.round((performance.now() - ctx.startedAt) * 1000) / 1000,
    bodySha256: outcome === 'served' ? createHash('sha256').update(reply.body).digest('hex') : undefined,
    detail: eventDetail(ctx),
  };
}

/** How consent was established, and the editor when the call was made under a delegation. */
function eventDetail(ctx: ExchangeContext): Record<string, unknown> | undefined {
  const consent = ctx.consent ? { consent: ctx.consent } : ctx.citizenPresent ? { consent: { mode: 'franceconnect' } } : {};
  const d = ctx.delegation;
  const editor = ctx.claims?.editor_siret;
  const delegation = d
    ? { delegation: { id: d.id, editorSiret: d.editorSiret, software: d.software } }
    : editor
      ? { delegation: { id: ctx.claims!.delegation_id ?? null, editorSiret: editor } }
      : {};
  const detail = { ...consent, ...delegation };
  return Object.keys(detail).length > 0 ? detail : undefined;
}

/** A denial that carries no verified credential: no claims, and not a served open-access call. */
export function isUncredentialedDenial(ctx: ExchangeContext): boolean {
  return !ctx.claims && !!ctx.problem && ctx.problem.code.startsWith('client.');
}

/** Appends the exchange's event; returns the reply to send (the 503 one if the ledger failed). */
export async function record(ctx: ExchangeContext, rt: ExchangeRuntime, reply: ExchangeResult, publicUrl: string): Promise<ExchangeResult> {
  if (rt.denials && isUncredentialedDenial(ctx)) {
    rt.denials.count({
      exchangeId: ctx.exchangeId,
      ip: ctx.input.ip,
      problemCode: ctx.problem!.code,
      status: reply.status,
      latencyMs: Math.round((performance.now() - ctx.startedAt) * 1000) / 1000,
      apiSlug: ctx.target?.api.slug,
      producerSiret: ctx.target?.api.producerSiret,
    });
    return reply;
  }
  try {
    const elements =
      !ctx.problem && ctx.fields && rt.ports.catalog.dataElements
        ? await rt.ports.catalog.dataElements(ctx.target!.api.slug, ctx.fields)
        : undefined;
    await rt.ports.ledger.append(buildEvent(ctx, reply, rt.ports.clock.now(), elements));
    return reply;
  } catch (err) {
    const problem =
      err instanceof ProblemError && err.code === 'gateway.ledger_unavailable'
        ? err
        : new ProblemError('gateway.ledger_unavailable', {
            detail: 'L’échange n’a pas pu être journalisé ; aucune donnée n’est transmise.',
            cause: err,
            headers: { 'Retry-After': '1' },
          });
    ctx.data = undefined;
    ctx.problem = problem;
    return respondProblem(ctx, problem, publicUrl);
  }
}
