/**
 * Representatives: a person acting for another person (parent of a minor child, guardian
 * appointed by a court) or for a company (its legal representative). Rules:
 * - a mandate is declared by the operator, or by a producer the caller lists as authorised for
 *   declaring (the one that holds the evidence: family benefits for parenthood, etc.),
 *   with its kind, an evidence reference and a validity period (`client.forbidden` otherwise);
 * - it is in force only once the representative accepted it, and only within its validity;
 *   the representative may refuse it; the representative, the operator or the declarer may revoke it;
 * - immutable versions; every change and every switch of dossier appends a `consent.event`
 *   (actions `mandate_declared`, `mandate_accepted`, `mandate_refused`, `mandate_revoked`,
 *   `representation_switch`, `representation_end`) in the same transaction;
 * - isolation: `actingSubjectRefs` gives the represented person's subject_ref only for a
 *   mandate of this representative in force now — called on every request of a switched
 *   session, so a revocation or an end of validity takes effect at once; any other reference
 *   answers `client.not_found` (no oracle on who represents whom).
 */
import { randomUUID } from 'node:crypto';
import { ProblemError } from '../schemas/index.js';
import {
  findLatestMandateByIdForUpdate,
  insertMandateVersion,
  listLatestMandatesByRepresentativeRef,
  type MandateRow,
} from './store/mandates.js';
import { inTransaction, isUuid } from './transaction.js';
import type { ConsentActor, ConsentContext, ConsentLedgerEvent } from './types.js';

export type MandateKind = MandateRow['kind'];
export const MANDATE_KINDS: readonly MandateKind[] = ['parent_of_minor', 'guardian', 'company_legal_representative'];

export const MANDATE_KIND_FR: Record<MandateKind, string> = {
  parent_of_minor: 'parent d’un enfant mineur',
  guardian: 'tuteur ou curateur désigné par un juge',
  company_legal_representative: 'représentant légal de l’entreprise',
};

/** Who declares a mandate: the platform operator, or an agent of a producer. */
export type MandateDeclarer = { kind: 'operator'; id: string } | { kind: 'producer'; id: string; organisationSiret: string };

export interface Mandate {
  id: string;
  version: number;
  representativeRef: string;
  representedRef: string;
  representedKind: 'person' | 'company';
  kind: MandateKind;
  evidenceRef: string;
  validFrom: string;
  validUntil: string;
  status: MandateRow['status'];
  /** Accepted and within its validity now. */
  inForce: boolean;
  declaredBy: ConsentActor;
  createdAt: string;
}

/** Whom a person may act for now. */
export interface Representation {
  mandateId: string;
  representedRef: string;
  representedKind: 'person' | 'company';
  kind: MandateKind;
  validUntil: string;
}

const REF = /^[0-9a-f]{64}$/;
const notFound = () => new ProblemError('client.not_found', { detail: 'Mandat introuvable.' });

function inForce(r: MandateRow, now: Date): boolean {
  return r.status === 'accepted' && r.valid_from.getTime() <= now.getTime() && now.getTime() < r.valid_until.getTime();
}

function toMandate(r: MandateRow, now: Date): Mandate {
  return {
    id: r.id,
    version: r.version,
    representativeRef: r.representative_ref,
    representedRef: r.represented_ref,
    representedKind: r.represented_kind,
    kind: r.kind,
    evidenceRef: r.evidence_ref,
    validFrom: r.valid_from.toISOString(),
    validUntil: r.valid_until.toISOString(),
    status: r.status,
    inForce: inForce(r, now),
    declaredBy: r.declared_by,
    createdAt: r.created_at.toISOString(),
  };
}

function mandateEvent(r: MandateRow, action: string, at: Date, actor: ConsentActor): ConsentLedgerEvent {
  return {
    id: randomUUID(),
    type: 'consent.event',
    occurredAt: at,
    actor,
    subjectRef: r.represented_ref,
    subjectKind: r.represented_kind,
    detail: {
      action,
      mandateId: r.id,
      version: r.version,
      kind: r.kind,
      representativeRef: r.representative_ref,
      validUntil: r.valid_until.toISOString(),
    },
  };
}

function declarerActor(d: MandateDeclarer): ConsentActor {
  return d.kind === 'operator' ? { kind: 'agent', id: d.id } : { kind: 'agent', id: d.id, organisationSiret: d.organisationSiret };
}

/** Declares a mandate (version 1, `declared`), to be accepted by the representative. */
export async function declareMandate(
  ctx: ConsentContext,
  o: {
    declarer: MandateDeclarer;
    authorisedProducerSirets: readonly string[];
    representativeRef: string;
    representedRef: string;
    kind: MandateKind;
    evidenceRef: string;
    validFrom?: Date;
    validUntil: Date;
  },
): Promise<Mandate> {
  if (o.declarer.kind === 'producer' && !o.authorisedProducerSirets.includes(o.declarer.organisationSiret)) {
    throw new ProblemError('client.forbidden', { detail: 'Cette organisation n’est pas habilitée à déclarer des représentants.' });
  }
  const errors: { pointer: string; detail: string }[] = [];
  if (!REF.test(o.representativeRef)) errors.push({ pointer: '/representativeRef', detail: 'référence de personne invalide' });
  if (!REF.test(o.representedRef)) errors.push({ pointer: '/representedRef', detail: 'référence de personne invalide' });
  if (o.representativeRef === o.representedRef) errors.push({ pointer: '/representedRef', detail: 'on ne se représente pas soi-même' });
  if (!MANDATE_KINDS.includes(o.kind)) errors.push({ pointer: '/kind', detail: MANDATE_KINDS.join(', ') });
  const evidence = typeof o.evidenceRef === 'string' ? o.evidenceRef.trim() : '';
  if (!evidence || evidence.length > 200) errors.push({ pointer: '/evidenceRef', detail: '1 à 200 caractères' });
  const now = ctx.clock.now();
  const from = o.validFrom ?? now;
  if (!(o.validUntil instanceof Date) || o.validUntil.getTime() <= from.getTime())
    errors.push({ pointer: '/validUntil', detail: 'postérieure au début de validité' });
  if (errors.length) throw new ProblemError('client.validation_failed', { detail: 'Mandat invalide.', errors });
  const actor = declarerActor(o.declarer);
  const row: MandateRow = {
    id: randomUUID(),
    version: 1,
    representative_ref: o.representativeRef,
    represented_ref: o.representedRef,
    represented_kind: o.kind === 'company_legal_representative' ? 'company' : 'person',
    kind: o.kind,
    evidence_ref: evidence,
    valid_from: from,
    valid_until: o.validUntil,
    status: 'declared',
    declared_by: actor,
    actor,
    created_at: now,
  };
  return inTransaction(ctx.pool, async (client) => {
    await insertMandateVersion(client, row);
    await ctx.recordConsentEvent(mandateEvent(row, 'mandate_declared', now, actor));
    return toMandate(row, now);
  });
}

async function change(
  ctx: ConsentContext,
  mandateId: string,
  allowed: (r: MandateRow) => boolean,
  from: MandateRow['status'][],
  to: MandateRow['status'],
  action: string,
  actor: ConsentActor,
): Promise<Mandate> {
  if (!isUuid(mandateId)) throw notFound();
  return inTransaction(ctx.pool, async (client) => {
    const current = await findLatestMandateByIdForUpdate(client, mandateId);
    if (!current || !allowed(current)) throw notFound();
    if (!from.includes(current.status))
      throw new ProblemError('client.invalid_transition', {
        detail: 'Action impossible sur ce mandat dans son état.',
        extensions: { status: current.status },
      });
    const now = ctx.clock.now();
    const next: MandateRow = { ...current, version: current.version + 1, status: to, actor, created_at: now };
    await insertMandateVersion(client, next);
    await ctx.recordConsentEvent(mandateEvent(next, action, now, actor));
    return toMandate(next, now);
  });
}

/** The representative accepts or refuses a mandate declared for them. */
export async function answerMandate(
  ctx: ConsentContext,
  o: { representativeRef: string; mandateId: string; decision: 'accept' | 'refuse'; actor: ConsentActor },
): Promise<Mandate> {
  const accept = o.decision === 'accept';
  if (!accept && o.decision !== 'refuse') throw new TypeError(`unknown decision ${String(o.decision)}`);
  return change(
    ctx,
    o.mandateId,
    (r) => r.representative_ref === o.representativeRef,
    ['declared'],
    accept ? 'accepted' : 'refused',
    accept ? 'mandate_accepted' : 'mandate_refused',
    o.actor,
  );
}

/**
 * Ends a mandate: the representative renounces (`asRepresentativeRef`), or the operator or the
 * declaring producer withdraws it (`asDeclarer`).
 */
export async function revokeMandate(
  ctx: ConsentContext,
  o: { mandateId: string; actor: ConsentActor; asRepresentativeRef?: string; asDeclarer?: MandateDeclarer },
): Promise<Mandate> {
  const allowed = (r: MandateRow) =>
    (o.asRepresentativeRef !== undefined && r.representative_ref === o.asRepresentativeRef) ||
    o.asDeclarer?.kind === 'operator' ||
    (o.asDeclarer?.kind === 'producer' && r.declared_by.organisationSiret === o.asDeclarer.organisationSiret);
  return change(ctx, o.mandateId, allowed, ['declared', 'accepted'], 'revoked', 'mandate_revoked', o.actor);
}

/** Every mandate held by a person (to accept, in force, past), newest first. */
export async function listMyMandates(ctx: Pick<ConsentContext, 'pool' | 'clock'>, representativeRef: string): Promise<Mandate[]> {
  const now = ctx.clock.now();
  return (await listLatestMandatesByRepresentativeRef(ctx.pool, representativeRef)).map((r) => toMandate(r, now));
}

/** Whom the person may act for now (mandates accepted and within their validity). */
export async function listRepresentations(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  representativeRef: string,
): Promise<Representation[]> {
  const now = ctx.clock.now();
  return (await listLatestMandatesByRepresentativeRef(ctx.pool, representativeRef))
    .filter((r) => inForce(r, now))
    .map((r) => ({
      mandateId: r.id,
      representedRef: r.represented_ref,
      representedKind: r.represented_kind,
      kind: r.kind,
      validUntil: r.valid_until.toISOString(),
    }));
}

/**
 * The subject references a switched session may read for the represented person: theirs,
 * while this representative's mandate is in force; `client.not_found` otherwise.
 */
export async function actingSubjectRefs(
  ctx: Pick<ConsentContext, 'pool' | 'clock'>,
  o: { representativeRef: string; mandateId: string },
): Promise<string[]> {
  if (!isUuid(o.mandateId)) throw notFound();
  const now = ctx.clock.now();
  const m = (await listLatestMandatesByRepresentativeRef(ctx.pool, o.representativeRef)).find((r) => r.id === o.mandateId);
  if (!m || !inForce(m, now)) throw notFound();
  return [m.represented_ref];
}

/**
 * Switches the representative's space to the represented person's dossier (`mandateId`), or
 * back to their own (`null`); each switch is recorded in the ledger.
 */
export async function switchRepresentation(
  ctx: ConsentContext,
  o: { representativeRef: string; mandateId: string | null; fromMandateId?: string | null; actor: ConsentActor },
): Promise<Representation | null> {
  const now = ctx.clock.now();
  const mine = await listLatestMandatesByRepresentativeRef(ctx.pool, o.representativeRef);
  if (o.mandateId === null) {
    const left = o.fromMandateId ? mine.find((r) => r.id === o.fromMandateId) : undefined;
    if (left) await ctx.recordConsentEvent(mandateEvent(left, 'representation_end', now, o.actor));
    return null;
  }
  const m = mine.find((r) => r.id === o.mandateId);
  if (!m || !inForce(m, now)) throw notFound();
  await ctx.recordConsentEvent(mandateEvent(m, 'representation_switch', now, o.actor));
  return {
    mandateId: m.id,
    representedRef: m.represented_ref,
    representedKind: m.represented_kind,
    kind: m.kind,
    validUntil: m.valid_until.toISOString(),
  };
}
