/** SQL of `consent_requests`. */
import type { Queryable } from './consents.js';
import type { ConsentActor } from '../types.js';

export interface ConsentRequestRow {
  id: string;
  consumer_siret: string;
  requested_by: ConsentActor;
  subject_ref: string;
  subject_kind: 'person' | 'company';
  api_slug: string;
  data_elements: string[];
  purpose: string;
  duration_days: number;
  frequency_max: number | null;
  frequency_period: 'day' | 'week' | 'month' | 'year' | null;
  status: 'pending' | 'accepted' | 'refused' | 'expired';
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  consent_id: string | null;
}

const COLUMNS =
  'id, consumer_siret, requested_by, subject_ref, subject_kind, api_slug, data_elements, purpose, duration_days, frequency_max, frequency_period, status, created_at, expires_at, decided_at, consent_id';

export async function insertConsentRequest(db: Queryable, r: ConsentRequestRow): Promise<void> {
  await db.query(
    `INSERT INTO consent_requests (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      r.id,
      r.consumer_siret,
      JSON.stringify(r.requested_by),
      r.subject_ref,
      r.subject_kind,
      r.api_slug,
      r.data_elements,
      r.purpose,
      r.duration_days,
      r.frequency_max,
      r.frequency_period,
      r.status,
      r.created_at,
      r.expires_at,
      r.decided_at,
      r.consent_id,
    ],
  );
}

export async function findConsentRequestById(db: Queryable, id: string): Promise<ConsentRequestRow | null> {
  const { rows } = await db.query<ConsentRequestRow>(`SELECT ${COLUMNS} FROM consent_requests WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Locks a pending request for its decision. */
export async function findPendingConsentRequestByIdForUpdate(db: Queryable, id: string): Promise<ConsentRequestRow | null> {
  const { rows } = await db.query<ConsentRequestRow>(
    `SELECT ${COLUMNS} FROM consent_requests WHERE id = $1 AND status = 'pending' FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** The requests addressed to some subjects, newest first. */
export async function listConsentRequestsBySubjectRefs(db: Queryable, subjectRefs: string[], limit: number): Promise<ConsentRequestRow[]> {
  const { rows } = await db.query<ConsentRequestRow>(
    `SELECT ${COLUMNS} FROM consent_requests WHERE subject_ref = ANY($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [subjectRefs, limit],
  );
  return rows;
}

/** The requests filed by some consumer organisations, newest first. */
export async function listConsentRequestsByConsumerSirets(db: Queryable, sirets: string[], limit: number): Promise<ConsentRequestRow[]> {
  const { rows } = await db.query<ConsentRequestRow>(
    `SELECT ${COLUMNS} FROM consent_requests WHERE consumer_siret = ANY($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [sirets, limit],
  );
  return rows;
}

/** Records the decision of a pending request. */
export async function updateConsentRequestDecisionById(
  db: Queryable,
  id: string,
  status: 'accepted' | 'refused' | 'expired',
  decidedAt: Date,
  consentId: string | null,
): Promise<void> {
  await db.query(`UPDATE consent_requests SET status = $2, decided_at = $3, consent_id = $4 WHERE id = $1 AND status = 'pending'`, [
    id,
    status,
    decidedAt,
    consentId,
  ]);
}
