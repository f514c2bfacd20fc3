/**
 * Use cases (docs/architecture.md, "Counter"): a procedure made simpler, linked to the catalogue's
 * APIs and data elements. Rules:
 * - written by a producer's agent (for an organisation producing at least one of the linked
 *   APIs) or by the operator; every linked API and data element exists in the catalogue;
 * - `submitted` until the operator publishes or rejects it (a rejection says why); only
 *   published ones are public, and only they are in the catalogue's search (same transaction);
 * - each step is a ledger event, appended before the change commits.
 */
import { randomUUID } from 'node:crypto';
import { getApi, getDataElement, putSearchDocument, searchCatalog } from '../catalog/index.js';
import { ProblemError, withTransaction } from '../schemas/index.js';
import { assertActsFor, assertOperator, isOperator, PRODUCER_ROLES, readsUnpublished } from './access.js';
import { counterEvent } from './events.js';
import {
  findUseCaseByIdForUpdate,
  findUseCaseBySlug,
  insertUseCase,
  listPublishedUseCasesByApiSlug,
  listPublishedUseCasesBySlugs,
  listUseCasesByStatus,
  updateUseCaseModerationById,
  type UseCaseRow,
} from './store/use-cases.js';
import type { CounterActor, CounterContext, ModerationDecision, UseCase, UseCaseInput } from './types.js';
import { validateModeration, validateUseCase } from './validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function toUseCase(r: UseCaseRow): UseCase {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    administrations: r.administrations,
    legalBasis: r.legal_basis,
    legalBasisUrl: r.legal_basis_url,
    documentsBefore: r.documents_before,
    documentsAfter: r.documents_after,
    apiSlugs: r.api_slugs,
    dataElements: r.data_elements,
    authorSiret: r.author_siret,
    status: r.status,
    moderationNote: r.moderation_note,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
  };
}

function invalid(pointer: string, detail: string): ProblemError {
  return new ProblemError('client.validation_failed', { detail: `${pointer} : ${detail}`, errors: [{ pointer, detail }] });
}

/** Submits a use case for moderation. */
export async function createUseCase(ctx: CounterContext, actor: CounterActor, body: unknown): Promise<UseCase> {
  const siret = (body as { organisationSiret?: unknown } | null)?.organisationSiret;
  if (!isOperator(actor)) assertActsFor(actor, siret, PRODUCER_ROLES);
  const input: UseCaseInput = validateUseCase.assert(body);
  const producers = new Set<string>();
  for (const [i, slug] of input.apiSlugs.entries()) {
    const api = await getApi(ctx.pool, slug).catch(() => null);
    if (!api) throw invalid(`/apiSlugs/${i}`, `aucune API « ${slug} » dans le catalogue`);
    producers.add(api.producerSiret);
  }
  for (const [i, id] of (input.dataElements ?? []).entries()) {
    if (!(await getDataElement(ctx.pool, id, { lifecycles: null }).catch(() => null)))
      throw invalid(`/dataElements/${i}`, `aucune donnée « ${id} » dans le dictionnaire`);
  }
  if (!isOperator(actor) && !producers.has(input.organisationSiret))
    throw new ProblemError('client.forbidden', { detail: 'Votre organisation ne produit aucune des API citées.' });
  const now = ctx.clock.now();
  const id = randomUUID();
  await ctx.ledger.append(
    counterEvent({
      action: 'use_case_submitted',
      at: now,
      actor,
      actingSiret: input.organisationSiret,
      object: `use_case:${id}`,
      detail: { slug: input.slug, apis: input.apiSlugs },
    }),
  );
  const inserted = await insertUseCase(ctx.pool, {
    id,
    slug: input.slug,
    title: input.title.trim(),
    summary: input.summary.trim(),
    administrations: input.administrations,
    legal_basis: input.legalBasis.trim(),
    legal_basis_url: input.legalBasisUrl ?? null,
    documents_before: input.documentsBefore,
    documents_after: input.documentsAfter ?? [],
    api_slugs: input.apiSlugs,
    data_elements: input.dataElements ?? [],
    author_siret: input.organisationSiret,
    author_sub: actor.sub,
    created_at: now,
  });
  if (!inserted) throw new ProblemError('client.conflict', { detail: `Un cas d’usage « ${input.slug} » existe déjà.` });
  return toUseCase((await findUseCaseBySlug(ctx.pool, input.slug))!);
}

/** One use case: published ones for anyone, the others for their organisation and the operator (404 otherwise). */
export async function getUseCase(ctx: Pick<CounterContext, 'pool'>, viewer: CounterActor | null, slug: string): Promise<UseCase> {
  const r = /^[a-z0-9-]{1,80}$/.test(slug) ? await findUseCaseBySlug(ctx.pool, slug) : null;
  if (!r || (r.status !== 'published' && !readsUnpublished(viewer, r.author_siret)))
    throw new ProblemError('client.not_found', { detail: 'Aucun cas d’usage publié sous ce nom.' });
  return toUseCase(r);
}

/** Published use cases, newest first; with `q`, those the catalogue's French search finds, best first. */
export async function listUseCases(ctx: Pick<CounterContext, 'pool'>, o: { q?: string; limit?: number } = {}): Promise<UseCase[]> {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 100);
  if (!o.q?.trim()) return (await listUseCasesByStatus(ctx.pool, ['published'], null, limit)).map(toUseCase);
  const hits = await searchCatalog(ctx.pool, { q: o.q, kinds: ['use_case'], limit });
  return (
    await listPublishedUseCasesBySlugs(
      ctx.pool,
      hits.map((h) => h.id),
    )
  ).map(toUseCase);
}

/** Published use cases that rely on an API (its catalogue page links to them). */
export async function listUseCasesOfApi(ctx: Pick<CounterContext, 'pool'>, apiSlug: string): Promise<UseCase[]> {
  return (await listPublishedUseCasesByApiSlug(ctx.pool, apiSlug)).map(toUseCase);
}

/** Use cases awaiting moderation (operator only). */
export async function listUseCasesToModerate(ctx: Pick<CounterContext, 'pool'>, actor: CounterActor): Promise<UseCase[]> {
  assertOperator(actor);
  return (await listUseCasesByStatus(ctx.pool, ['submitted'], null, 200)).map(toUseCase);
}

/** The operator publishes (into the search too) or rejects (with a note) a submitted use case. */
export async function moderateUseCase(ctx: CounterContext, actor: CounterActor, id: string, body: unknown): Promise<UseCase> {
  assertOperator(actor);
  const m = validateModeration.assert(body);
  if (m.decision === 'reject' && !m.note?.trim())
    throw new ProblemError('client.reason_required', { detail: 'Dites à l’auteur pourquoi le cas d’usage est refusé.' });
  return withTransaction(ctx.pool, async (client) => {
    const r = UUID.test(id) ? await findUseCaseByIdForUpdate(client, id) : null;
    if (!r) throw new ProblemError('client.not_found', { detail: 'Aucun cas d’usage sous cet identifiant.' });
    if (r.status !== 'submitted') throw new ProblemError('client.invalid_transition', { detail: 'Ce cas d’usage a déjà été modéré.' });
    const decision: ModerationDecision = m.decision;
    const status = decision === 'publish' ? 'published' : 'rejected';
    const now = ctx.clock.now();
    await ctx.ledger.append(
      counterEvent({
        action: decision === 'publish' ? 'use_case_published' : 'use_case_rejected',
        at: now,
        actor,
        actingSiret: null,
        object: `use_case:${r.id}`,
        detail: { slug: r.slug, noteGiven: !!m.note },
      }),
    );
    await updateUseCaseModerationById(client, r.id, { status, note: m.note?.trim() ?? null, by: actor.sub, at: now });
    if (status === 'published')
      await putSearchDocument(
        client,
        {
          kind: 'use_case',
          id: r.slug,
          title: r.title,
          body: [r.summary, r.administrations.join(', '), r.legal_basis, ...r.documents_before].join('\n'),
          apiSlugs: r.api_slugs,
        },
        now,
      );
    return toUseCase({ ...r, status, moderation_note: m.note?.trim() ?? null, published_at: status === 'published' ? now : null });
  });
}
