/** SQL of `citizen_reports` and `citizen_report_replies`. */
import type { Queryable } from './consents.js';
import type { ConsentActor } from '../types.js';

export interface CitizenReportRow {
  id: string;
  subject_ref: string;
  event_id: string;
  /** Clear text: only reports filed before messages were sealed. */
  message: string | null;
  message_sealed: string | null;
  message_sha256: string | null;
  audit_case_id: string | null;
  confirmed_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, subject_ref, event_id, message, message_sealed, message_sha256, audit_case_id, confirmed_at, created_at';

/** Inserts a report; false when this subject already reported this event. */
export async function insertCitizenReport(db: Queryable, r: CitizenReportRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO citizen_reports (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (subject_ref, event_id) DO NOTHING`,
    [r.id, r.subject_ref, r.event_id, r.message, r.message_sealed, r.message_sha256, r.audit_case_id, r.confirmed_at, r.created_at],
  );
  return rowCount === 1;
}

export async function findCitizenReportBySubjectRefAndEventId(
  db: Queryable,
  subjectRef: string,
  eventId: string,
): Promise<CitizenReportRow | null> {
  const { rows } = await db.query<CitizenReportRow>(`SELECT ${COLUMNS} FROM citizen_reports WHERE subject_ref = $1 AND event_id = $2`, [
    subjectRef,
    eventId,
  ]);
  return rows[0] ?? null;
}

export async function findCitizenReportById(db: Queryable, id: string): Promise<CitizenReportRow | null> {
  const { rows } = await db.query<CitizenReportRow>(`SELECT ${COLUMNS} FROM citizen_reports WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The reports of some subjects, newest first. */
export async function listCitizenReportsBySubjectRefs(db: Queryable, subjectRefs: string[], limit: number): Promise<CitizenReportRow[]> {
  const { rows } = await db.query<CitizenReportRow>(
    `SELECT ${COLUMNS} FROM citizen_reports WHERE subject_ref = ANY($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [subjectRefs, limit],
  );
  return rows;
}

/** The reports an audit case instructs, oldest first. */
export async function listCitizenReportsByAuditCaseId(db: Queryable, auditCaseId: string): Promise<CitizenReportRow[]> {
  const { rows } = await db.query<CitizenReportRow>(
    `SELECT ${COLUMNS} FROM citizen_reports WHERE audit_case_id = $1 ORDER BY created_at, id`,
    [auditCaseId],
  );
  return rows;
}

/**
 * The reports an audit case instructs: linked to it, or — not linked to any case yet — filed on
 * one of `eventIds` (the exchanges the case is about), oldest first.
 */
export async function listCitizenReportsByAuditCaseIdOrEventIds(
  db: Queryable,
  auditCaseId: string,
  eventIds: string[],
): Promise<CitizenReportRow[]> {
  const { rows } = await db.query<CitizenReportRow>(
    `SELECT ${COLUMNS} FROM citizen_reports
     WHERE audit_case_id = $1 OR (audit_case_id IS NULL AND event_id = ANY($2::uuid[]))
     ORDER BY created_at, id`,
    [auditCaseId, eventIds],
  );
  return rows;
}

/** Reports whose message is still in clear (filed before sealing), oldest first. */
export async function listClearCitizenReports(db: Queryable, limit: number): Promise<CitizenReportRow[]> {
  const { rows } = await db.query<CitizenReportRow>(
    `SELECT ${COLUMNS} FROM citizen_reports WHERE message IS NOT NULL ORDER BY created_at, id LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Replaces a clear message by its sealed form and digest (only while it is still clear). */
export async function updateCitizenReportSealedById(db: Queryable, id: string, sealed: string, sha256: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE citizen_reports SET message = NULL, message_sealed = $2, message_sha256 = $3 WHERE id = $1 AND message IS NOT NULL',
    [id, sealed, sha256],
  );
  return rowCount === 1;
}

/** Links a report to the audit case that instructs it. */
export async function updateCitizenReportCaseById(db: Queryable, id: string, auditCaseId: string): Promise<void> {
  await db.query('UPDATE citizen_reports SET audit_case_id = $2 WHERE id = $1', [id, auditCaseId]);
}

export interface ReportReplyRow {
  report_id: string;
  version: number;
  reply_sealed: string;
  reply_sha256: string;
  author: ConsentActor;
  created_at: Date;
}

/** Appends a version of the reply; a duplicate (report_id, version) raises 23505. */
export async function insertReportReply(db: Queryable, r: ReportReplyRow): Promise<void> {
  await db.query(
    `INSERT INTO citizen_report_replies (report_id, version, reply_sealed, reply_sha256, author, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.report_id, r.version, r.reply_sealed, r.reply_sha256, JSON.stringify(r.author), r.created_at],
  );
}

/** The latest reply of each of some reports. */
export async function listLatestRepliesByReportIds(db: Queryable, reportIds: string[]): Promise<ReportReplyRow[]> {
  if (reportIds.length === 0) return [];
  const { rows } = await db.query<ReportReplyRow>(
    `SELECT DISTINCT ON (report_id) report_id, version, reply_sealed, reply_sha256, author, created_at FROM citizen_report_replies
     WHERE report_id = ANY($1::uuid[]) ORDER BY report_id, version DESC`,
    [reportIds],
  );
  return rows;
}
