/** SQL of `cases` (shared with the audit console). */
import type { Queryable } from './consents.js';

export interface CaseRow {
  id: string;
  kind: 'citizen_report';
  subject_ref: string;
  event_id: string;
  message: string;
  status: 'open' | 'in_review' | 'closed';
  resolution: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, kind, subject_ref, event_id, message, status, resolution, created_at, updated_at';

/** Inserts a case; returns false when this subject already reported this event. */
export async function insertCase(db: Queryable, r: CaseRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO cases (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (subject_ref, event_id) DO NOTHING`,
    [r.id, r.kind, r.subject_ref, r.event_id, r.message, r.status, r.resolution, r.created_at, r.updated_at]);
  return rowCount === 1;
}

export async function findCaseBySubjectRefAndEventId(db: Queryable, subjectRef: string, eventId: string): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(`SELECT ${COLUMNS} FROM cases WHERE subject_ref = $1 AND event_id = $2`, [subjectRef, eventId]);
  return rows[0] ?? null;
}

/** The cases of some subjects, newest first. */
export async function listCasesBySubjectRefs(db: Queryable, subjectRefs: string[], limit: number): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLUMNS} FROM cases WHERE subject_ref = ANY($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2`, [subjectRefs, limit]);
  return rows;
}

/** Every case in a status, oldest first (the auditors' queue). */
export async function listCasesByStatus(db: Queryable, status: CaseRow['status'], limit: number): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(`SELECT ${COLUMNS} FROM cases WHERE status = $1 ORDER BY created_at, id LIMIT $2`, [status, limit]);
  return rows;
}

export async function updateCaseStatusById(db: Queryable, id: string, status: CaseRow['status'], resolution: string | null, at: Date): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `UPDATE cases SET status = $2, resolution = $3, updated_at = $4 WHERE id = $1 RETURNING ${COLUMNS}`, [id, status, resolution, at]);
  return rows[0] ?? null;
}
