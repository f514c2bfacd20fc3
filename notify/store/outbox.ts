/** SQL of `notify_outbox`. */
import type { Queryable } from './preferences.js';

export interface OutboxRow {
  id: string;
  notification_key: string;
  person_ref: string;
  kind: 'data_obtained' | 'consent_request' | 'dossier_status' | 'digest' | 'producer_report' | 'need_answered' | 'agent_invitation';
  recipient: string;
  status: 'held' | 'pending' | 'sent' | 'digested' | 'dead';
  attempts: number;
  next_attempt_at: Date;
  claimed_until: Date | null;
  claimed_by: string | null;
  last_error: string | null;
  digest_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS =
  'id, notification_key, person_ref, kind, recipient, status, attempts, next_attempt_at, claimed_until, claimed_by, last_error, digest_id, created_at, sent_at';

/**
 * Queues one notification for a person who opted in to its kind — in one statement, so it can
 * run inside the caller's transaction: nothing when the person did not opt in, nothing when the
 * key was already queued. `held` until `digestAt` for a person who chose the daily digest.
 * Returns the new row's id, or null.
 */
export async function insertNotificationIfOptedIn(
  db: Queryable,
  o: { id: string; key: string; personRef: string; kind: string; at: Date; digestAt: Date },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO notify_outbox (id, notification_key, person_ref, kind, recipient, status, next_attempt_at, created_at)
     SELECT $1, $2, r.person_ref, $4, r.email, CASE WHEN r.digest = 'daily' THEN 'held' ELSE 'pending' END,
            CASE WHEN r.digest = 'daily' THEN $6::timestamptz ELSE $5::timestamptz END, $5
     FROM notify_recipients r JOIN notify_preferences p ON p.person_ref = r.person_ref AND p.kind = $4 AND p.enabled
     WHERE r.person_ref = $3
     ON CONFLICT (notification_key) DO NOTHING RETURNING id`,
    [o.id, o.key, o.personRef, o.kind, o.at, o.digestAt],
  );
  return rows[0]?.id ?? null;
}

/** Claims up to `limit` due rows for `claimer` until `leaseUntil` (SKIP LOCKED: concurrent senders never claim the same row). */
export async function claimDueNotifications(
  db: Queryable,
  now: Date,
  leaseUntil: Date,
  claimer: string,
  limit: number,
): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `UPDATE notify_outbox SET claimed_until = $2, claimed_by = $3, attempts = attempts + 1
     WHERE id IN (SELECT id FROM notify_outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                  ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [now, leaseUntil, claimer, limit],
  );
  return rows;
}

export async function updateNotificationSentById(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE notify_outbox SET status = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1 AND status = 'pending'`,
    [id, at],
  );
}

export async function updateNotificationRetryById(
  db: Queryable,
  id: string,
  nextAttemptAt: Date,
  error: string,
  dead: boolean,
): Promise<void> {
  await db.query(
    `UPDATE notify_outbox SET next_attempt_at = $2, last_error = $3, claimed_until = NULL, status = CASE WHEN $4 THEN 'dead' ELSE status END
     WHERE id = $1 AND status = 'pending'`,
    [id, nextAttemptAt, error.slice(0, 500), dead],
  );
}

/** Held rows whose digest is due, locked (SKIP LOCKED) for the transaction that folds them. */
export async function listDueHeldNotificationsForUpdate(db: Queryable, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT ${COLUMNS} FROM notify_outbox WHERE status = 'held' AND next_attempt_at <= $1 ORDER BY person_ref, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}

/** Queues a notification to an agent's professional address (no opt-in row); null when the key was already queued. */
export async function insertAgentNotification(
  db: Queryable,
  o: { id: string; key: string; personRef: string; kind: string; recipient: string; at: Date },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO notify_outbox (id, notification_key, person_ref, kind, recipient, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) ON CONFLICT (notification_key) DO NOTHING RETURNING id`,
    [o.id, o.key, o.personRef, o.kind, o.recipient, o.at],
  );
  return rows[0]?.id ?? null;
}

export async function insertDigestNotification(
  db: Queryable,
  o: { id: string; key: string; personRef: string; recipient: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO notify_outbox (id, notification_key, person_ref, kind, recipient, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, 'digest', $4, 'pending', $5, $5)`,
    [o.id, o.key, o.personRef, o.recipient, o.at],
  );
}

export async function updateNotificationsDigestedByIds(db: Queryable, ids: string[], digestId: string): Promise<void> {
  await db.query(`UPDATE notify_outbox SET status = 'digested', digest_id = $2 WHERE id = ANY($1::uuid[]) AND status = 'held'`, [
    ids,
    digestId,
  ]);
}

/** Kinds and counts of the notifications folded into a digest. */
export async function countDigestedByDigestId(db: Queryable, digestId: string): Promise<{ kind: string; n: number }[]> {
  const { rows } = await db.query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM notify_outbox WHERE digest_id = $1 GROUP BY kind ORDER BY kind`,
    [digestId],
  );
  return rows;
}

export async function listNotificationsByPersonRef(db: Queryable, personRef: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(`SELECT ${COLUMNS} FROM notify_outbox WHERE person_ref = $1 ORDER BY created_at, id`, [
    personRef,
  ]);
  return rows;
}
