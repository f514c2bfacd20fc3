/** SQL of `flow_front_office_webhooks` and `flow_status_pushes`. */
import type { Queryable } from './procedures.js';

export async function upsertFrontOfficeWebhook(db: Queryable, clientId: string, url: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO flow_front_office_webhooks (client_id, webhook_url, created_at) VALUES ($1, $2, $3)
    ON CONFLICT (client_id) DO UPDATE SET webhook_url = EXCLUDED.webhook_url`,
    [clientId, url, now],
  );
}

/** Queues the push of a status when the dossier's front office registered a webhook. */
export async function insertStatusPushIfRegistered(db: Queryable, statusSeq: string, dossierId: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO flow_status_pushes (status_seq, client_id, state, next_attempt_at, updated_at)
    SELECT $1, w.client_id, 'pending', $3, $3 FROM flow_dossiers d JOIN flow_front_office_webhooks w ON w.client_id = d.depositor_client_id WHERE d.id = $2`,
    [statusSeq, dossierId, now],
  );
}

export interface StatusPushRow {
  status_seq: string;
  client_id: string;
  webhook_url: string;
  attempts: number;
  dossier_id: string;
  status: string;
  message_sealed: string | null;
  created_at: Date;
}

/** Claims due pushes until `leaseUntil` (another worker skips them meanwhile). */
export async function claimDueStatusPushes(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<StatusPushRow[]> {
  const { rows } = await db.query<StatusPushRow>(
    `UPDATE flow_status_pushes p SET next_attempt_at = $2, updated_at = $1
     FROM flow_front_office_webhooks w, flow_statuses st
     WHERE w.client_id = p.client_id AND st.seq = p.status_seq AND p.status_seq IN (
       SELECT status_seq FROM flow_status_pushes WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY status_seq LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING p.status_seq, p.client_id, w.webhook_url, p.attempts, st.dossier_id, st.status, st.message_sealed, st.created_at`,
    [now, leaseUntil, limit],
  );
  return rows.sort((a, b) => Number(a.status_seq) - Number(b.status_seq));
}

export async function updateStatusPushBySeq(
  db: Queryable,
  seq: string,
  r: { state: 'pending' | 'delivered' | 'dead'; attempts: number; nextAttemptAt: Date; lastError: string | null; now: Date },
): Promise<void> {
  await db.query(
    'UPDATE flow_status_pushes SET state = $2, attempts = $3, next_attempt_at = $4, last_error = $5, updated_at = $6 WHERE status_seq = $1',
    [seq, r.state, r.attempts, r.nextAttemptAt, r.lastError, r.now],
  );
}
