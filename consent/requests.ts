/**
 * Consent requests: a consumer organisation asks a person for their consent (purpose,
 * API, data elements, duration, optional frequency cap); the person accepts or refuses from
 * their space; the consumer reads the outcome. The person's identity is turned into its
 * subject_ref at once and never stored. Requests expire unanswered after 30 days. Only an API whose
 * catalogue policy is `consent_required` takes consent requests (`client.consent_not_applicable`
 * otherwise: under a legal basis there is no consent to give, suspend or revoke).
 */
import { randomUUID } from 'node:crypto';
import { ProblemError, compileValidator, subjectRef, type Subject } from '../schemas/index.js';
import { getApi, listDataElements } from '../catalog/index.js';
import {
  findConsentRequestById,
  findPendingConsentRequestByIdForUpdate,
  insertConsentRequest,
  listConsentRequestsByConsumerSirets,
  listConsentRequestsBySubjectRefs,
  updateConsentRequestDecisionById,
  type ConsentRequestRow,
} from './store/requests.js';
import { toConsentRequest } from './map.js';
import { insertNewConsent } from './consents.js';
import { inTransaction, isUuid } from './transaction.js';
import type { Consent, ConsentActor, ConsentContext, ConsentRequest, FrequencyCap } from './types.js';

export const REQUEST_TTL_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ConsentRequestBody {
  consumerSiret: string;
  subject: Subject;
  apiSlug: string;
  dataElements?: string[];
  purpose: string;
  durationDays: number;
  frequency?: FrequencyCap;
}

compileValidator('identite-pivot.json'); // registers the pivot schema the request refers to
const validate = compileValidator<ConsentRequestBody>('consent-request.json');

/** Validates and files a request; the caller has checked that `actor` acts for `consumerSiret`. */
export async function createConsentRequest(
  ctx: ConsentContext,
  o: { body: unknown; actor: ConsentActor; subjectSecret: string; authorisedSirets: string[] },
): Promise<ConsentRequest> {
  const b = validate.assert(o.body);
  if (!o.authorisedSirets.includes(b.consumerSiret))
    throw new ProblemError('client.forbidden', { detail: 'Vous n’agissez pas pour cette organisation.' });
  const api = await getApi(ctx.pool, b.apiSlug).catch((err: unknown) => {
    if (err instanceof ProblemError && err.code === 'client.not_found')
      throw new ProblemError('client.validation_failed', {
        detail: 'API inconnue.',
        errors: [{ pointer: '/apiSlug', detail: 'API inconnue' }],
      });
    throw err;
  });
  if (api.consentPolicy !== 'consent_required') {
    throw new ProblemError('client.consent_not_applicable', {
      detail:
        api.consentPolicy === 'legal_basis'
          ? 'Cette API repose sur une base légale : la personne n’a pas de consentement à donner, ni à suspendre.'
          : 'Cette API ne demande pas de consentement.',
      extensions: { consentPolicy: api.consentPolicy },
    });
  }
  if (api.subjectKind !== b.subject.kind) {
    throw new ProblemError('client.validation_failed', {
      detail: 'Le type de personne ne correspond pas à l’API.',
      errors: [{ pointer: '/subject/kind', detail: `attendu : ${api.subjectKind}` }],
    });
  }
  const known = new Set((await listDataElements(ctx.pool)).map((e) => e.id));
  const unknown = (b.dataElements ?? []).filter((d) => !known.has(d));
  if (unknown.length)
    throw new ProblemError('client.validation_failed', {
      detail: 'Donnée inconnue du dictionnaire.',
      errors: unknown.map((d) => ({ pointer: '/dataElements', detail: `donnée « ${d} » inconnue` })),
    });
  const now = ctx.clock.now();
  const row: ConsentRequestRow = {
    id: randomUUID(),
    consumer_siret: b.consumerSiret,
    requested_by: o.actor,
    subject_ref: subjectRef(o.subjectSecret, b.subject),
    subject_kind: b.subject.kind,
    api_slug: b.apiSlug,
    data_elements: b.dataElements ?? [],
    purpose: b.purpose,
    duration_days: b.durationDays,
    frequency_max: b.frequency?.max ?? null,
    frequency_period: b.frequency?.period ?? null,
    status: 'pending',
    created_at: now,
    expires_at: new Date(now.getTime() + REQUEST_TTL_DAYS * DAY_MS),
    decided_at: null,
    consent_id: null,
  };
  await inTransaction(ctx.pool, async (client) => {
    await insertConsentRequest(client, row);
    await ctx.recordConsentEvent({
      id: randomUUID(),
      type: 'consent.event',
      occurredAt: now,
      actor: o.actor,
      subjectRef: row.subject_ref,
      subjectKind: row.subject_kind,
      consumerSiret: row.consumer_siret,
      apiSlug: row.api_slug,
      dataElements: row.data_elements,
      detail: { action: 'requested', requestId: row.id, purpose: row.purpose },
    });
    // "A consent request awaits me": queued with the request, for a person who opted in.
    await ctx.notifyPerson?.(client, { personRef: row.subject_ref, kind: 'consent_request', key: `consent_request:${row.id}`, at: now });
  });
  return toConsentRequest(row, now);
}

/** A request as its consumer sees it; `client.not_found` for any other caller (no oracle). */
export async function getConsentRequestForConsumer(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  id: string,
  consumerSirets: string[],
): Promise<ConsentRequest> {
  const row = isUuid(id) ? await findConsentRequestById(ctx.pool, id) : null;
  if (!row || !consumerSirets.includes(row.consumer_siret))
    throw new ProblemError('client.not_found', { detail: 'Demande de consentement introuvable.' });
  return toConsentRequest(row, ctx.clock.now());
}

/** The requests addressed to a citizen (pending first is the page's business), newest first. */
export async function listMyConsentRequests(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  subjectRefs: string[],
  limit = 100,
): Promise<ConsentRequest[]> {
  if (subjectRefs.length === 0) return [];
  const now = ctx.clock.now();
  return (await listConsentRequestsBySubjectRefs(ctx.pool, subjectRefs, limit)).map((r) => toConsentRequest(r, now));
}

/** The requests of the consumer organisations an agent acts for, newest first (their own rows only). */
export async function listConsumerConsentRequests(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  consumerSirets: string[],
  limit = 100,
): Promise<ConsentRequest[]> {
  if (consumerSirets.length === 0) return [];
  const now = ctx.clock.now();
  return (await listConsentRequestsByConsumerSirets(ctx.pool, consumerSirets, limit)).map((r) => toConsentRequest(r, now));
}

/**
 * The citizen's answer. Accepting creates version 1 of a consent valid from now for the
 * requested duration; both the decision and the consent are traced in the ledger.
 */
export async function decideConsentRequest(
  ctx: ConsentContext,
  o: { subjectRefs: string[]; requestId: string; decision: 'accept' | 'refuse'; actor: ConsentActor },
): Promise<{ request: ConsentRequest; consent: Consent | null }> {
  if (!isUuid(o.requestId)) throw new ProblemError('client.not_found', { detail: 'Demande de consentement introuvable.' });
  return inTransaction(ctx.pool, async (client) => {
    const row = await findPendingConsentRequestByIdForUpdate(client, o.requestId);
    if (!row) {
      const any = await findConsentRequestById(client, o.requestId);
      if (!any || !o.subjectRefs.includes(any.subject_ref))
        throw new ProblemError('client.not_found', { detail: 'Demande de consentement introuvable.' });
      throw new ProblemError('client.invalid_transition', {
        detail: 'Cette demande a déjà reçu une réponse.',
        extensions: { status: any.status },
      });
    }
    if (!o.subjectRefs.includes(row.subject_ref))
      throw new ProblemError('client.not_found', { detail: 'Demande de consentement introuvable.' });
    const now = ctx.clock.now();
    if (row.expires_at.getTime() <= now.getTime())
      throw new ProblemError('client.invalid_transition', { detail: 'Cette demande a expiré.', extensions: { status: 'expired' } });
    let consent: Consent | null = null;
    if (o.decision === 'accept') {
      consent = await insertNewConsent(ctx, client, {
        subject_ref: row.subject_ref,
        subject_kind: row.subject_kind,
        consumer_siret: row.consumer_siret,
        api_slug: row.api_slug,
        data_elements: row.data_elements,
        purpose: row.purpose,
        valid_from: now,
        valid_until: new Date(now.getTime() + row.duration_days * DAY_MS),
        frequency_max: row.frequency_max,
        frequency_period: row.frequency_period,
        request_id: row.id,
        actor: o.actor,
      });
    } else {
      await ctx.recordConsentEvent({
        id: randomUUID(),
        type: 'consent.event',
        occurredAt: now,
        actor: o.actor,
        subjectRef: row.subject_ref,
        subjectKind: row.subject_kind,
        consumerSiret: row.consumer_siret,
        apiSlug: row.api_slug,
        dataElements: row.data_elements,
        detail: { action: 'refused', requestId: row.id },
      });
    }
    const status = o.decision === 'accept' ? 'accepted' : 'refused';
    await updateConsentRequestDecisionById(client, row.id, status, now, consent?.id ?? null);
    return { request: toConsentRequest({ ...row, status, decided_at: now, consent_id: consent?.id ?? null }, now), consent };
  });
}
