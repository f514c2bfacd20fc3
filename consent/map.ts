/** Rows → domain objects. `expired` is computed: a consent in force past its end date is expired. */
import type { ConsentRow } from './store/consents.js';
import type { ConsentRequestRow } from './store/requests.js';
import type { Consent, ConsentRequest } from './types.js';

export function toConsent(r: ConsentRow, now: Date): Consent {
  const lapsed = (r.status === 'active' || r.status === 'paused') && r.valid_until.getTime() <= now.getTime();
  return {
    id: r.id,
    version: r.version,
    subjectRef: r.subject_ref,
    subjectKind: r.subject_kind,
    consumerSiret: r.consumer_siret,
    apiSlug: r.api_slug,
    dataElements: r.data_elements,
    purpose: r.purpose,
    validFrom: r.valid_from.toISOString(),
    validUntil: r.valid_until.toISOString(),
    frequency: r.frequency_max && r.frequency_period ? { max: r.frequency_max, period: r.frequency_period } : null,
    status: lapsed ? 'expired' : r.status,
    requestId: r.request_id,
    actor: r.actor,
    createdAt: r.created_at.toISOString(),
  };
}

export function toConsentRequest(r: ConsentRequestRow, now: Date): ConsentRequest {
  const lapsed = r.status === 'pending' && r.expires_at.getTime() <= now.getTime();
  return {
    id: r.id,
    consumerSiret: r.consumer_siret,
    requestedBy: r.requested_by,
    subjectRef: r.subject_ref,
    subjectKind: r.subject_kind,
    apiSlug: r.api_slug,
    dataElements: r.data_elements,
    purpose: r.purpose,
    durationDays: r.duration_days,
    frequency: r.frequency_max && r.frequency_period ? { max: r.frequency_max, period: r.frequency_period } : null,
    status: lapsed ? 'expired' : r.status,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    consentId: r.consent_id,
  };
}
