/**
 * Data needs (docs/architecture.md, "Counter"): an administration says which data it lacks, why,
 * under which legal basis, how much and by when. Rules:
 * - an agent declares a need for an organisation they belong to; `submitted` until the operator
 *   publishes or rejects it (with a note); only published needs are public;
 * - agents of other organisations add their organisation's support to a published need (once);
 * - a producer's instructor, DPO or administrator, or the operator, answers a published need:
 *   `available` (an API — the producer's own), `planned` (a date) or `not_possible` (a reason);
 *   the requester, if they left an address, is notified in the same transaction (outbox);
 * - an `available` answer becomes an access request drafted for the requester's organisation
 *   (`needForRequest`, then `recordRequestDrafted` once the draft exists);
 * - each step is a ledger event, appended before the change commits; the ledger carries ids,
 *   organisations and the answer's kind, never the texts or the address.
 */
import { randomUUID } from 'node:crypto';
import { getApi } from '../catalog/index.js';
import { notifyAgent } from '../notify/index.js';
import { ProblemError, withTransaction } from '../schemas/index.js';
import { actsFor, assertActsFor, assertOperator, isOperator, PRODUCER_ROLES, readsUnpublished } from './access.js';
import { counterEvent } from './events.js';
import {
  findNeedById,
  findNeedByIdForUpdate,
  insertNeed,
  insertNeedSupport,
  listNeedsByStatus,
  updateNeedAnswerById,
  updateNeedModerationById,
  updateNeedRequestContractById,
  type NeedRow,
} from './store/needs.js';
import type { CounterActor, CounterContext, Need, NeedAnswerInput } from './types.js';
import { validateAnswer, validateModeration, validateNeed, validateSupport } from './validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function toNeed(r: NeedRow): Need {
  return {
    id: r.id,
    title: r.title,
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    legalBasisUrl: r.legal_basis_url,
    expectedVolume: r.expected_volume,
    deadline: r.deadline,
    requesterSiret: r.requester_siret,
    status: r.status,
    moderationNote: r.moderation_note,
    answer: r.answer
      ? {
          kind: r.answer,
          apiSlug: r.answer_api_slug,
          plannedFor: r.answer_planned_for,
          reason: r.answer_reason,
          bySiret: r.answered_by_siret,
          at: r.answered_at!.toISOString(),
        }
      : null,
    supporters: r.supporters,
    requestContractId: r.request_contract_id,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
  };
}

function notFound(): ProblemError {
  return new ProblemError('client.not_found', { detail: 'Aucun besoin publié sous cet identifiant.' });
}

/** A need the viewer may read: published, or their organisation's, or any for the operator. */
async function readable(ctx: Pick<CounterContext, 'pool'>, viewer: CounterActor | null, id: string): Promise<NeedRow> {
  const r = UUID.test(id) ? await findNeedById(ctx.pool, id) : null;
  if (!r || (r.status !== 'published' && !readsUnpublished(viewer, r.requester_siret))) throw notFound();
  return r;
}

/** Declares a need (submitted for moderation). */
export async function createNeed(ctx: CounterContext, actor: CounterActor, body: unknown): Promise<Need> {
  assertActsFor(actor, (body as { organisationSiret?: unknown } | null)?.organisationSiret, 'any');
  const input = validateNeed.assert(body);
  const id = randomUUID();
  const now = ctx.clock.now();
  await ctx.ledger.append(
    counterEvent({
      action: 'need_submitted',
      at: now,
      actor,
      actingSiret: input.organisationSiret,
      object: `need:${id}`,
      consumerSiret: input.organisationSiret,
    }),
  );
  await insertNeed(ctx.pool, {
    id,
    title: input.title.trim(),
    purpose: input.purpose.trim(),
    legal_basis: input.legalBasis.trim(),
    legal_basis_url: input.legalBasisUrl ?? null,
    expected_volume: input.expectedVolume.trim(),
    deadline: input.deadline ?? null,
    requester_siret: input.organisationSiret,
    requester_sub: actor.sub,
    notify_email: input.notifyEmail?.trim() || null,
    created_at: now,
  });
  return toNeed((await findNeedById(ctx.pool, id))!);
}

export async function getNeed(ctx: Pick<CounterContext, 'pool'>, viewer: CounterActor | null, id: string): Promise<Need> {
  return toNeed(await readable(ctx, viewer, id));
}

/** Published needs, with the viewer's own organisations' needs whatever their status (newest first). */
export async function listNeeds(ctx: Pick<CounterContext, 'pool'>, viewer: CounterActor | null): Promise<Need[]> {
  const mine = viewer?.kind === 'agent' ? viewer.memberships.map((m) => m.siret) : [];
  return (await listNeedsByStatus(ctx.pool, ['published'], mine.length ? mine : null, 200)).map(toNeed);
}

/** Needs awaiting moderation (operator only). */
export async function listNeedsToModerate(ctx: Pick<CounterContext, 'pool'>, actor: CounterActor): Promise<Need[]> {
  assertOperator(actor);
  return (await listNeedsByStatus(ctx.pool, ['submitted'], null, 200)).filter((n) => n.status === 'submitted').map(toNeed);
}

export async function moderateNeed(ctx: CounterContext, actor: CounterActor, id: string, body: unknown): Promise<Need> {
  assertOperator(actor);
  const m = validateModeration.assert(body);
  if (m.decision === 'reject' && !m.note?.trim())
    throw new ProblemError('client.reason_required', { detail: 'Dites à l’administration pourquoi le besoin est refusé.' });
  return withTransaction(ctx.pool, async (client) => {
    const r = UUID.test(id) ? await findNeedByIdForUpdate(client, id) : null;
    if (!r) throw notFound();
    if (r.status !== 'submitted') throw new ProblemError('client.invalid_transition', { detail: 'Ce besoin a déjà été modéré.' });
    const status = m.decision === 'publish' ? 'published' : 'rejected';
    const now = ctx.clock.now();
    await ctx.ledger.append(
      counterEvent({
        action: status === 'published' ? 'need_published' : 'need_rejected',
        at: now,
        actor,
        actingSiret: null,
        object: `need:${r.id}`,
        consumerSiret: r.requester_siret,
        detail: { noteGiven: !!m.note },
      }),
    );
    await updateNeedModerationById(client, r.id, { status, note: m.note?.trim() ?? null, by: actor.sub, at: now });
    return toNeed((await findNeedById(client, r.id))!);
  });
}

/** Adds an organisation's support to a published need (idempotent; not to its own need). */
export async function supportNeed(ctx: CounterContext, actor: CounterActor, id: string, body: unknown): Promise<Need> {
  assertActsFor(actor, (body as { organisationSiret?: unknown } | null)?.organisationSiret, 'any');
  const { organisationSiret } = validateSupport.assert(body);
  return withTransaction(ctx.pool, async (client) => {
    const r = UUID.test(id) ? await findNeedByIdForUpdate(client, id) : null;
    if (!r || r.status !== 'published') throw notFound();
    if (r.requester_siret === organisationSiret)
      throw new ProblemError('client.conflict', { detail: 'Votre organisation a elle-même déclaré ce besoin.' });
    if (!r.supporters.includes(organisationSiret)) {
      const now = ctx.clock.now();
      await ctx.ledger.append(
        counterEvent({
          action: 'need_supported',
          at: now,
          actor,
          actingSiret: organisationSiret,
          object: `need:${r.id}`,
          consumerSiret: organisationSiret,
        }),
      );
      await insertNeedSupport(client, { needId: r.id, siret: organisationSiret, sub: actor.sub, at: now });
    }
    return toNeed((await findNeedById(client, r.id))!);
  });
}

/** Checks an answer's content: what each kind requires, and that an agent answers with their own API. */
async function checkedAnswer(ctx: CounterContext, actor: CounterActor, a: NeedAnswerInput): Promise<NeedAnswerInput> {
  if (a.kind === 'available') {
    if (!a.apiSlug)
      throw new ProblemError('client.validation_failed', {
        detail: '/apiSlug : indiquez l’API qui fournit ces données',
        errors: [{ pointer: '/apiSlug', detail: 'indiquez l’API qui fournit ces données' }],
      });
    const api = await getApi(ctx.pool, a.apiSlug).catch(() => null);
    if (!api || (api.lifecycle !== 'published' && api.lifecycle !== 'deprecated'))
      throw new ProblemError('client.validation_failed', {
        detail: `/apiSlug : aucune API publiée « ${a.apiSlug} »`,
        errors: [{ pointer: '/apiSlug', detail: 'aucune API publiée sous ce nom' }],
      });
    if (!isOperator(actor) && api.producerSiret !== a.organisationSiret)
      throw new ProblemError('client.forbidden', { detail: 'Cette API n’est pas produite par votre organisation.' });
    return { kind: a.kind, apiSlug: a.apiSlug, ...(a.organisationSiret ? { organisationSiret: a.organisationSiret } : {}) };
  }
  if (a.kind === 'planned') {
    if (!a.plannedFor)
      throw new ProblemError('client.validation_failed', {
        detail: '/plannedFor : indiquez la date prévue',
        errors: [{ pointer: '/plannedFor', detail: 'indiquez la date prévue' }],
      });
    return { kind: a.kind, plannedFor: a.plannedFor, ...(a.organisationSiret ? { organisationSiret: a.organisationSiret } : {}) };
  }
  if (!a.reason?.trim())
    throw new ProblemError('client.reason_required', { detail: 'Dites pourquoi ces données ne peuvent pas être fournies.' });
  return { kind: a.kind, reason: a.reason.trim(), ...(a.organisationSiret ? { organisationSiret: a.organisationSiret } : {}) };
}

/** A producer (or the operator) answers a published need; the requester is notified if they asked to be. */
export async function answerNeed(ctx: CounterContext, actor: CounterActor, id: string, body: unknown): Promise<Need> {
  if (!isOperator(actor)) assertActsFor(actor, (body as { organisationSiret?: unknown } | null)?.organisationSiret, PRODUCER_ROLES);
  const a = await checkedAnswer(ctx, actor, validateAnswer.assert(body));
  return withTransaction(ctx.pool, async (client) => {
    const r = UUID.test(id) ? await findNeedByIdForUpdate(client, id) : null;
    if (!r || r.status !== 'published') throw notFound();
    const now = ctx.clock.now();
    await ctx.ledger.append(
      counterEvent({
        action: 'need_answered',
        at: now,
        actor,
        actingSiret: a.organisationSiret ?? null,
        object: `need:${r.id}`,
        consumerSiret: r.requester_siret,
        producerSiret: a.organisationSiret ?? null,
        apiSlug: a.apiSlug ?? null,
        detail: { answer: a.kind },
      }),
    );
    await updateNeedAnswerById(client, r.id, {
      kind: a.kind,
      apiSlug: a.apiSlug ?? null,
      plannedFor: a.plannedFor ?? null,
      reason: a.reason ?? null,
      bySiret: a.organisationSiret ?? null,
      at: now,
    });
    if (r.notify_email)
      await notifyAgent(client, {
        email: r.notify_email,
        kind: 'need_answered',
        key: `need_answered:${r.id}:${now.getTime()}`,
        at: now,
      });
    return toNeed((await findNeedById(client, r.id))!);
  });
}

/**
 * The need an « available » answer turns into an access request, for an applicant of the
 * requester's organisation: 404 to anyone else, 409 while no API is available.
 */
export async function needForRequest(ctx: Pick<CounterContext, 'pool'>, actor: CounterActor, id: string): Promise<Need> {
  const r = UUID.test(id) ? await findNeedById(ctx.pool, id) : null;
  if (!r || !actsFor(actor, r.requester_siret, 'any')) throw notFound();
  if (!actsFor(actor, r.requester_siret, ['applicant']))
    throw new ProblemError('client.forbidden', { detail: 'Seul un demandeur de votre organisation peut demander l’accès.' });
  if (r.answer !== 'available' || !r.answer_api_slug)
    throw new ProblemError('client.invalid_transition', { detail: 'Aucune API n’a encore été indiquée pour ce besoin.' });
  return toNeed(r);
}

/** Records the access request drafted from a need (once; the ledger names the contract). */
export async function recordRequestDrafted(ctx: CounterContext, actor: CounterActor, id: string, contractId: string): Promise<void> {
  await withTransaction(ctx.pool, async (client) => {
    const r = await findNeedByIdForUpdate(client, id);
    if (!r) throw notFound();
    if (r.request_contract_id) return;
    await ctx.ledger.append(
      counterEvent({
        action: 'need_request_drafted',
        at: ctx.clock.now(),
        actor,
        actingSiret: r.requester_siret,
        object: `need:${r.id}`,
        consumerSiret: r.requester_siret,
        apiSlug: r.answer_api_slug,
        contractId,
      }),
    );
    await updateNeedRequestContractById(client, r.id, contractId);
  });
}
