/**
 * The consent step of an exchange (docs/architecture.md, exchange path): what the catalogue's
 * consent policy of the API and the person's own choices allow. Rules, in order:
 * 1. policy `none` (companies' registers, open referentials): nothing to check;
 * 2. a `proactive` exchange (CRPA L114-8 II) is refused with `client.subject_objected` when an
 *    active objection of the subject targets the API, its producer or the consumer and covers
 *    a requested data element (an objection without elements covers all); the consumer
 *    learns only that the person objected. This holds whatever the policy: the most
 *    protective choice of the person wins;
 * 3. policy `legal_basis`: the contract's legal basis suffices — no consent is looked at;
 * 4. policy `consent_required`: without a subject → `client.consent_missing`; the citizen
 *    present (FranceConnect mode) consents to this one exchange; otherwise a covering consent
 *    (about the subject, on the API, held by the consumer or by anyone for the contract's
 *    purpose) in force (active, valid_from ≤ now < valid_until) must release at least one
 *    requested data element (`client.consent_terms_exceeded` otherwise) and, when capped,
 *    have a use left in its calendar window (`client.rate_limited` + retry delay). Without
 *    one in force, the latest covering consent says why: `client.consent_suspended`,
 *    `client.consent_revoked`, `client.consent_expired`; none → `client.consent_missing`.
 * The decision names the data elements the consumer may receive (the minimise step keeps
 * only their fields); `null` = no restriction from consent. A use of a capped consent is
 * counted when allowed; an exchange that then fails at the producer gives it back
 * (`refundUse` of the checker), so the cap counts exchanges that delivered data.
 */
import { ProblemError } from '../schemas/index.js';
import type { ProblemCode } from '../schemas/index.js';
import { toConsent } from './map.js';
import { nextWindowStart, windowStart } from './frequency.js';
import type { SubjectState } from './subject-state.js';
import type { ObjectionRow } from './store/objections.js';
import type { Consent } from './types.js';

export interface ApiConsentPolicy {
  consentPolicy: 'none' | 'legal_basis' | 'consent_required';
  /** Declared in the catalogue for APIs used to offer a benefit not asked for (L114-8 II). */
  proactive: boolean;
}

export interface ExchangeQuestion {
  policy: ApiConsentPolicy;
  apiSlug: string;
  producerSiret: string;
  consumerSiret: string;
  /** The purpose of the consumer's contract. */
  purpose: string;
  subjectRef: string | null;
  /** The data elements the exchange would deliver (endpoint fields × granted scopes); empty = not known. */
  dataElements: string[];
  /** FranceConnect mode: the subject is the citizen whose own token came with the call. */
  citizenPresent?: boolean;
}

export type DenialCode = Extract<
  ProblemCode,
  | 'client.subject_objected'
  | 'client.consent_missing'
  | 'client.consent_suspended'
  | 'client.consent_revoked'
  | 'client.consent_expired'
  | 'client.consent_terms_exceeded'
  | 'client.rate_limited'
>;

export type ExchangeDecision =
  | {
      allowed: true;
      basis: 'no_consent_needed' | 'legal_basis' | 'consent' | 'franceconnect';
      /** The consent that allowed it (recorded with the exchange event). */
      consent?: { consentId: string; version: number; dataElements: string[] };
      /** The use counted against a capped consent (given back with `refundUse` when the producer fails). */
      countedUse?: { consentId: string; windowStart: string };
      /** Data elements the consumer may receive; null = no restriction from consent. */
      dataElements: string[] | null;
    }
  | {
      allowed: false;
      code: DenialCode;
      /** Safe for the consumer: never the person's reasons. */
      detail: string;
      retryAfterSeconds?: number;
      /** For the ledger's denial event only (never in the consumer's answer). */
      objectionId?: string;
      consentId?: string;
    };

/** Counts one use of a capped consent in the window; false when the cap is reached. */
export type CountConsentUse = (consentId: string, windowStart: Date, max: number) => Promise<boolean>;

const DETAIL: Record<Exclude<DenialCode, 'client.rate_limited' | 'client.consent_terms_exceeded'>, string> = {
  'client.subject_objected': 'La personne s’est opposée à cet échange.',
  'client.consent_missing': 'Cette API exige le consentement de la personne concernée.',
  'client.consent_suspended': 'La personne a suspendu son consentement.',
  'client.consent_revoked': 'La personne a retiré son consentement.',
  'client.consent_expired': 'Le consentement de la personne est arrivé à échéance.',
};

function deny(code: keyof typeof DETAIL, extra: { objectionId?: string; consentId?: string } = {}): ExchangeDecision {
  return { allowed: false, code, detail: DETAIL[code], ...extra };
}

/**
 * What the person can do about an API, by its policy — the one rule the citizen space shows
 * and `decideExchange` enforces: consents (give, suspend, revoke) only under
 * `consent_required`; "Je m'oppose" only for a proactive API about them.
 */
export function rightsUnderPolicy(policy: ApiConsentPolicy): { consent: boolean; objection: boolean } {
  return { consent: policy.consentPolicy === 'consent_required', objection: policy.proactive && policy.consentPolicy !== 'none' };
}

function objectionAgainst(objections: ObjectionRow[], q: ExchangeQuestion): ObjectionRow | undefined {
  return objections.find(
    (o) =>
      o.status === 'active' &&
      ((o.target_kind === 'api' && o.target === q.apiSlug) ||
        (o.target_kind === 'producer' && o.target === q.producerSiret) ||
        (o.target_kind === 'consumer' && o.target === q.consumerSiret)) &&
      (o.data_elements.length === 0 || q.dataElements.length === 0 || o.data_elements.some((e) => q.dataElements.includes(e))),
  );
}

/** What a consent lets the consumer receive of the requested elements; null = everything requested. */
function releasable(c: Consent, requested: string[]): string[] | null {
  if (c.dataElements.length === 0) return requested.length ? [...requested] : null;
  return requested.length ? c.dataElements.filter((e) => requested.includes(e)) : [...c.dataElements];
}

/** The decision for one exchange, given the subject's state (subject-state.ts) and the time. */
export async function decideExchange(
  state: SubjectState | null,
  q: ExchangeQuestion,
  now: Date,
  countUse: CountConsentUse,
): Promise<ExchangeDecision> {
  if (q.policy.consentPolicy === 'none') return { allowed: true, basis: 'no_consent_needed', dataElements: null };
  if (rightsUnderPolicy(q.policy).objection && state) {
    const objection = objectionAgainst(state.objections, q);
    if (objection) return deny('client.subject_objected', { objectionId: objection.id });
  }
  if (q.policy.consentPolicy === 'legal_basis') return { allowed: true, basis: 'legal_basis', dataElements: null };
  if (!q.subjectRef || !state) return deny('client.consent_missing');
  if (q.citizenPresent) return { allowed: true, basis: 'franceconnect', dataElements: null };
  const covering = state.consents
    .filter(
      (r) => r.api_slug === q.apiSlug && (r.consumer_siret === q.consumerSiret || (r.consumer_siret === null && r.purpose === q.purpose)),
    )
    .map((r) => toConsent(r, now))
    .filter((c) => Date.parse(c.validFrom) <= now.getTime());
  const inForce = covering.filter((c) => c.status === 'active');
  if (inForce.length === 0) {
    const latest = covering.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!latest) return deny('client.consent_missing');
    const code =
      latest.status === 'paused'
        ? 'client.consent_suspended'
        : latest.status === 'revoked'
          ? 'client.consent_revoked'
          : 'client.consent_expired';
    return deny(code, { consentId: latest.id });
  }
  // The consents that release something, widest first, uncapped before capped.
  const usable = inForce
    .map((c) => ({ c, release: releasable(c, q.dataElements) }))
    .filter((u) => u.release === null || u.release.length > 0)
    .sort((a, b) => (a.c.frequency ? 1 : 0) - (b.c.frequency ? 1 : 0) || (b.release?.length ?? Infinity) - (a.release?.length ?? Infinity));
  if (usable.length === 0) {
    return {
      allowed: false,
      code: 'client.consent_terms_exceeded',
      detail: 'Les données demandées ne font pas partie de celles auxquelles la personne a consenti.',
      consentId: inForce[0]!.id,
    };
  }
  let retryAt = Infinity;
  for (const { c, release } of usable) {
    const f = c.frequency;
    if (f && !(await countUse(c.id, windowStart(f.period, now), f.max))) {
      retryAt = Math.min(retryAt, nextWindowStart(f.period, now).getTime());
      continue;
    }
    return {
      allowed: true,
      basis: 'consent',
      consent: { consentId: c.id, version: c.version, dataElements: c.dataElements },
      dataElements: release,
      ...(f ? { countedUse: { consentId: c.id, windowStart: windowStart(f.period, now).toISOString() } } : {}),
    };
  }
  return {
    allowed: false,
    code: 'client.rate_limited',
    detail: 'Nombre de consultations permis par le consentement atteint pour la période.',
    retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
    consentId: usable[0]!.c.id,
  };
}

/** The problem a denial answers with (RFC 9457); nothing of the person's reasons. */
export function denialProblem(d: Extract<ExchangeDecision, { allowed: false }>): ProblemError {
  return new ProblemError(d.code, {
    detail: d.detail,
    ...(d.retryAfterSeconds ? { headers: { 'Retry-After': String(d.retryAfterSeconds) } } : {}),
  });
}
