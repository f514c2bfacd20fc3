/** SQL of `flow_statuses` and `flow_person_notifications`. */
import type { Queryable } from './procedures.js';

export interface StatusRow {
  seq: string;
  dossier_id: string;
  status: string;
  message_sealed: string | null;
  created_at: Date;
}

export async function insertStatus(
  db: Queryable,
  r: { dossierId: string; status: string; messageSealed: string | null; author: Record<string, unknown>; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ seq: string }>(
    'INSERT INTO flow_statuses (dossier_id, status, message_sealed, author, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING seq',
    [r.dossierId, r.status, r.messageSealed, JSON.stringify(r.author), r.at],
  );
  return rows[0]!.seq;
}

export async function insertPersonNotification(
  db: Queryable,
  subjectRef: string,
  dossierId: string,
  statusSeq: string,
  at: Date,
): Promise<void> {
  await db.query('INSERT INTO flow_person_notifications (subject_ref, dossier_id, status_seq, created_at) VALUES ($1, $2, $3, $4)', [
    subjectRef,
    dossierId,
    statusSeq,
    at,
  ]);
}

/** Statuses of the dossiers a front office deposited, after a cursor, oldest first. */
export async function listStatusesByDepositor(db: Queryable, clientId: string, afterSeq: string, limit: number): Promise<StatusRow[]> {
  const { rows } = await db.query<StatusRow>(
    `SELECT st.seq, st.dossier_id, st.status, st.message_sealed, st.created_at FROM flow_statuses st JOIN flow_dossiers d ON d.id = st.dossier_id
     WHERE d.depositor_client_id = $1 AND st.seq > $2 ORDER BY st.seq LIMIT $3`,
    [clientId, afterSeq, limit],
  );
  return rows;
}

export async function listStatusesByDossierIds(db: Queryable, ids: string[]): Promise<StatusRow[]> {
  const { rows } = await db.query<StatusRow>(
    'SELECT seq, dossier_id, status, message_sealed, created_at FROM flow_statuses WHERE dossier_id = ANY($1::uuid[]) ORDER BY seq',
    [ids],
  );
  return rows;
}

export interface PersonNotificationRow {
  id: string;
  subject_ref: string;
  dossier_id: string;
  status: string;
  procedure_code: string;
  created_at: Date;
}

/** Pending notifications for people, locked for this transaction (other relays skip them). */
export async function listPendingPersonNotificationsForUpdate(db: Queryable, limit: number): Promise<PersonNotificationRow[]> {
  const { rows } = await db.query<PersonNotificationRow>(
    `SELECT n.id, n.subject_ref, n.dossier_id, st.status, d.procedure_code, n.created_at
     FROM flow_person_notifications n JOIN flow_statuses st ON st.seq = n.status_seq JOIN flow_dossiers d ON d.id = n.dossier_id
     WHERE n.sent_at IS NULL ORDER BY n.id LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function updatePersonNotificationsSent(db: Queryable, ids: string[], at: Date): Promise<void> {
  await db.query('UPDATE flow_person_notifications SET sent_at = $2 WHERE id = ANY($1::bigint[])', [ids, at]);
}
