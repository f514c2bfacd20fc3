/** SQL of `citizen_reports`. */
import type { Queryable } from './consents.js';

export interface CitizenReportRow {
  id: string;
  subject_ref: string;
  event_id: string;
  message: string;
  audit_case_id: string | null;
  created_at: Date;
}

const COLUMNS = 'id, subject_ref, event_id, message, audit_case_id, created_at';

/** Inserts a report; false when this subject already reported this event. */
export async function insertCitizenReport(db: Queryable, r: CitizenReportRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO citizen_reports (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subject_ref, event_id) DO NOTHING`,
    [r.id, r.subject_ref, r.event_id, r.message, r.audit_case_id, r.created_at]);
  return rowCount === 1;
}

export async function findCitizenReportBySubjectRefAndEventId(db: Queryable, subjectRef: string, eventId: string): Promise<CitizenReportRow | null> {
  const { rows } = await db.query<CitizenReportRow>(`SELECT ${COLUMNS} FROM citizen_reports WHERE subject_ref = $1 AND event_id = $2`, [subjectRef, eventId]);
  return rows[0] ?? null;
}

/** The reports of some subjects, newest first. */
export async function listCitizenReportsBySubjectRefs(db: Queryable, subjectRefs: string[], limit: number): Promise<CitizenReportRow[]> {
  const { rows } = await db.query<CitizenReportRow>(
    `SELECT ${COLUMNS} FROM citizen_reports WHERE subject_ref = ANY($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2`, [subjectRefs, limit]);
  return rows;
}

/** Links a report to the audit case that instructs it. */
export async function updateCitizenReportCaseById(db: Queryable, id: string, auditCaseId: string): Promise<void> {
  await db.query('UPDATE citizen_reports SET audit_case_id = $2 WHERE id = $1', [id, auditCaseId]);
}
