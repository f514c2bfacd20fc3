/** SQL of the `consents` table (append-only, one row per version) and of `consent_usage`. */
import type pg from 'pg';
import type { ConsentActor } from '../types.js';

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface ConsentRow {
  id: string;
  version: number;
  subject_ref: string;
  subject_kind: 'person' | 'company';
  consumer_siret: string | null;
  api_slug: string;
  data_elements: string[];
  purpose: string;
  valid_from: Date;
  valid_until: Date;
  frequency_max: number | null;
  frequency_period: 'day' | 'week' | 'month' | 'year' | null;
  status: 'active' | 'paused' | 'revoked' | 'expired';
  request_id: string | null;
  actor: ConsentActor;
  created_at: Date;
}

const COLUMNS =
  'id, version, subject_ref, subject_kind, consumer_siret, api_slug, data_elements, purpose, valid_from, valid_until, frequency_max, frequency_period, status, request_id, actor, created_at';

/** Appends one version; a duplicate (id, version) raises 23505 (a concurrent change won). */
export async function insertConsentVersion(db: Queryable, r: ConsentRow): Promise<void> {
  await db.query(`INSERT INTO consents (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, [
    r.id,
    r.version,
    r.subject_ref,
    r.subject_kind,
    r.consumer_siret,
    r.api_slug,
    r.data_elements,
    r.purpose,
    r.valid_from,
    r.valid_until,
    r.frequency_max,
    r.frequency_period,
    r.status,
    r.request_id,
    JSON.stringify(r.actor),
    r.created_at,
  ]);
}

/** The latest version of every consent of some subjects (the consents in force), newest first. */
export async function listLatestConsentsBySubjectRefs(db: Queryable, subjectRefs: string[]): Promise<ConsentRow[]> {
  const { rows } = await db.query<ConsentRow>(
    `SELECT DISTINCT ON (id) ${COLUMNS} FROM consents WHERE subject_ref = ANY($1::text[])
     ORDER BY id, version DESC`,
    [subjectRefs],
  );
  return rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
}

/** The latest version of one consent, locked for the transaction's change (FOR UPDATE only locks; it never updates). */
export async function findLatestConsentByIdForUpdate(db: Queryable, id: string): Promise<ConsentRow | null> {
  const { rows } = await db.query<ConsentRow>(`SELECT ${COLUMNS} FROM consents WHERE id = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** Every version of one consent, oldest first (its history). */
export async function listConsentVersionsById(db: Queryable, id: string): Promise<ConsentRow[]> {
  const { rows } = await db.query<ConsentRow>(`SELECT ${COLUMNS} FROM consents WHERE id = $1 ORDER BY version`, [id]);
  return rows;
}

/**
 * Counts one use of a capped consent in its window, unless the cap is reached.
 * Returns false (nothing counted) when `max` uses were already counted.
 */
export async function incrementConsentUsage(db: Queryable, consentId: string, windowStart: Date, max: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO consent_usage (consent_id, window_start, used) VALUES ($1, $2, 1)
     ON CONFLICT (consent_id, window_start) DO UPDATE SET used = consent_usage.used + 1
     WHERE consent_usage.used < $3`,
    [consentId, windowStart, max],
  );
  return rowCount === 1;
}

/** Gives back one use counted in a window (never below zero). */
export async function decrementConsentUsage(db: Queryable, consentId: string, windowStart: Date): Promise<void> {
  await db.query('UPDATE consent_usage SET used = used - 1 WHERE consent_id = $1 AND window_start = $2 AND used > 0', [
    consentId,
    windowStart,
  ]);
}

/** Latest versions still active or paused whose end date has passed (to be marked expired). */
export async function listLapsedConsents(db: Queryable, now: Date, limit: number): Promise<ConsentRow[]> {
  const { rows } = await db.query<ConsentRow>(
    `SELECT * FROM (SELECT DISTINCT ON (id) ${COLUMNS} FROM consents WHERE valid_until <= $1 ORDER BY id, version DESC) latest
     WHERE status IN ('active', 'paused') LIMIT $2`,
    [now, limit],
  );
  return rows;
}
