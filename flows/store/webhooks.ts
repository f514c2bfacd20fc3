/** SQL of `flow_webhook_deliveries` (the push outbox). */
import type { Queryable } from './procedures.js';

export interface WebhookRow {
  dossier_id: string;
  subscription_id: string;
  webhook_url: string;
  attempts: number;
  state: 'pending' | 'delivered' | 'dead';
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
}

/** Claims due deliveries until `leaseUntil` (another worker skips them meanwhile). */
export async function claimDueWebhookDeliveries(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<WebhookRow[]> {
  const { rows } = await db.query<WebhookRow>(
    `UPDATE flow_webhook_deliveries w SET next_attempt_at = $2, updated_at = $1
     FROM flow_subscriptions s
     WHERE s.id = w.subscription_id AND w.dossier_id IN (
       SELECT dossier_id FROM flow_webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING w.dossier_id, w.subscription_id, s.webhook_url, w.attempts, w.state, w.last_error, w.next_attempt_at, w.created_at`,
    [now, leaseUntil, limit],
  );
  return rows;
}

export async function updateWebhookDeliveryById(
  db: Queryable,
  dossierId: string,
  r: { state: WebhookRow['state']; attempts: number; nextAttemptAt: Date; lastError: string | null; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE flow_webhook_deliveries SET state = $2, attempts = $3, next_attempt_at = $4, last_error = $5, updated_at = $6 WHERE dossier_id = $1`,
    [dossierId, r.state, r.attempts, r.nextAttemptAt, r.lastError, r.now],
  );
}

export async function listDeadWebhookDeliveries(db: Queryable, limit: number): Promise<WebhookRow[]> {
  const { rows } = await db.query<WebhookRow>(
    `SELECT w.dossier_id, w.subscription_id, s.webhook_url, w.attempts, w.state, w.last_error, w.next_attempt_at, w.created_at
     FROM flow_webhook_deliveries w JOIN flow_subscriptions s ON s.id = w.subscription_id WHERE w.state = 'dead' ORDER BY w.updated_at DESC LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Puts a dead letter back in the queue (operator's retry), attempts reset. */
export async function updateDeadWebhookRequeued(db: Queryable, dossierId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE flow_webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2 WHERE dossier_id = $1 AND state = 'dead'`,
    [dossierId, now],
  );
  return rowCount === 1;
}
