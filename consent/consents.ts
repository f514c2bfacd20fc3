/**
 * Consents as immutable artefacts. Life cycle:
 *   active → paused ↔ active → revoked | expired
 * Every change appends a new version row (the table refuses UPDATE and DELETE) and one
 * `consent.event` to the ledger, inside the same transaction: the ledger event is committed
 * before the new version is, so no change is ever in force without its trace.
 * A citizen only ever reaches their own consents: an id of someone else's is `client.not_found`.
 */
import { randomUUID } from 'node:crypto';
import { ProblemError } from '../schemas/index.js';
import {
  findLatestConsentByIdForUpdate,
  insertConsentVersion,
  listConsentVersionsById,
  listLatestConsentsBySubjectRefs,
  type ConsentRow,
} from './store/consents.js';
import { toConsent } from './map.js';
import { inTransaction, isUuid } from './transaction.js';
import type { Consent, ConsentActor, ConsentContext, ConsentStatus } from './types.js';

export type ConsentAction = 'pause' | 'resume' | 'revoke';

/** Allowed transitions: from the effective status to the new one. */
const TRANSITIONS: Record<ConsentAction, { from: ConsentStatus[]; to: ConsentStatus; event: string }> = {
  pause: { from: ['active'], to: 'paused', event: 'paused' },
  resume: { from: ['paused'], to: 'active', event: 'resumed' },
  revoke: { from: ['active', 'paused'], to: 'revoked', event: 'revoked' },
};

/** The consents in force (latest versions) of a citizen's subject references, newest first. */
export async function listMyConsents(ctx: Pick<ConsentContext, 'pool' | 'clock'>, subjectRefs: string[]): Promise<Consent[]> {
  if (subjectRefs.length === 0) return [];
  const now = ctx.clock.now();
  return (await listLatestConsentsBySubjectRefs(ctx.pool, subjectRefs)).map((r) => toConsent(r, now));
}

/** Every version of one of the citizen's consents (oldest first); `client.not_found` otherwise. */
export async function getConsentHistory(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  subjectRefs: string[],
  consentId: string,
): Promise<Consent[]> {
  const rows = isUuid(consentId) ? await listConsentVersionsById(ctx.pool, consentId) : [];
  if (rows.length === 0 || !subjectRefs.includes(rows[0]!.subject_ref))
    throw new ProblemError('client.not_found', { detail: 'Consentement introuvable.' });
  const now = ctx.clock.now();
  return rows.map((r) => toConsent(r, now));
}

/** Pauses, resumes or revokes one of the citizen's consents: a new version, traced in the ledger. */
export async function changeConsentStatus(
  ctx: ConsentContext,
  o: { subjectRefs: string[]; consentId: string; action: ConsentAction; actor: ConsentActor },
): Promise<Consent> {
  const rule = TRANSITIONS[o.action];
  if (!rule) throw new TypeError(`unknown consent action ${String(o.action)}`);
  if (!isUuid(o.consentId)) throw new ProblemError('client.not_found', { detail: 'Consentement introuvable.' });
  return inTransaction(ctx.pool, async (client) => {
    const current = await findLatestConsentByIdForUpdate(client, o.consentId);
    if (!current || !o.subjectRefs.includes(current.subject_ref))
      throw new ProblemError('client.not_found', { detail: 'Consentement introuvable.' });
    const now = ctx.clock.now();
    const effective = toConsent(current, now).status;
    if (!rule.from.includes(effective)) {
      throw new ProblemError('client.invalid_transition', {
        detail: `Action impossible : le consentement est ${STATUS_FR[effective]}.`,
        extensions: { status: effective },
      });
    }
    const next: ConsentRow = { ...current, version: current.version + 1, status: rule.to, actor: o.actor, created_at: now };
    await insertConsentVersion(client, next);
    await ctx.recordConsentEvent(consentEvent(next, rule.event, now));
    return toConsent(next, now);
  });
}

/** Creates version 1 of a consent (on acceptance of a request), inside the caller's transaction. */
export async function insertNewConsent(
  ctx: ConsentContext,
  client: Parameters<typeof insertConsentVersion>[0],
  row: Omit<ConsentRow, 'id' | 'version' | 'status' | 'created_at'>,
): Promise<Consent> {
  const now = ctx.clock.now();
  const full: ConsentRow = { ...row, id: randomUUID(), version: 1, status: 'active', created_at: now };
  await insertConsentVersion(client, full);
  await ctx.recordConsentEvent(consentEvent(full, 'granted', now));
  return toConsent(full, now);
}

/** The ledger event of a consent version (no personal data: subject_ref only). */
export function consentEvent(r: ConsentRow, action: string, at: Date) {
  return {
    id: randomUUID(),
    type: 'consent.event' as const,
    occurredAt: at,
    actor: r.actor,
    subjectRef: r.subject_ref,
    subjectKind: r.subject_kind,
    ...(r.consumer_siret ? { consumerSiret: r.consumer_siret } : {}),
    apiSlug: r.api_slug,
    dataElements: r.data_elements,
    detail: {
      action,
      consentId: r.id,
      version: r.version,
      purpose: r.purpose,
      validUntil: r.valid_until.toISOString(),
      ...(r.request_id ? { requestId: r.request_id } : {}),
    },
  };
}

export const STATUS_FR: Record<ConsentStatus, string> = { active: 'actif', paused: 'suspendu', revoked: 'révoqué', expired: 'expiré' };

/**
 * Grants a consent directly (demo seeding, tests, a consent collected outside Datapedia by
 * the consumer and declared by the citizen): version 1, traced in the ledger.
 */
export async function grantConsent(
  ctx: ConsentContext,
  o: {
    subjectRef: string;
    subjectKind: 'person' | 'company';
    consumerSiret: string | null;
    apiSlug: string;
    dataElements?: string[];
    purpose: string;
    validFrom?: Date;
    validUntil: Date;
    frequency?: { max: number; period: 'day' | 'week' | 'month' | 'year' } | null;
    actor: ConsentActor;
  },
): Promise<Consent> {
  if (!/^[0-9a-f]{64}$/.test(o.subjectRef)) throw new TypeError('grantConsent: subjectRef must be 64 hex characters');
  return inTransaction(ctx.pool, (client) =>
    insertNewConsent(ctx, client, {
      subject_ref: o.subjectRef,
      subject_kind: o.subjectKind,
      consumer_siret: o.consumerSiret,
      api_slug: o.apiSlug,
      data_elements: o.dataElements ?? [],
      purpose: o.purpose,
      valid_from: o.validFrom ?? ctx.clock.now(),
      valid_until: o.validUntil,
      frequency_max: o.frequency?.max ?? null,
      frequency_period: o.frequency?.period ?? null,
      request_id: null,
      actor: o.actor,
    }),
  );
}
