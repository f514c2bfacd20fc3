/**
 * The person's notifications of new statuses, queued in `flow_person_notifications` by
 * `postStatus`, relayed to the notification outbox by the composition root: the handler runs in
 * the relay's transaction (it can enqueue in the same COMMIT), so a notification is handed over
 * once, or again after a crash before COMMIT (the outbox deduplicates by key).
 */
import type pg from 'pg';
import { withTransaction, type Clock } from '../schemas/index.js';
import { listPendingPersonNotificationsForUpdate, updatePersonNotificationsSent } from './store/statuses.js';
import type { DossierStatus } from './types.js';

export interface PersonNotification {
  subjectRef: string;
  dossierId: string;
  procedureCode: string;
  status: DossierStatus;
  at: Date;
}

/** One pass: hands up to `limit` pending notifications to `handle`; returns how many. */
export async function relayPersonNotifications(
  ctx: { pool: pg.Pool; clock: Clock },
  handle: (db: pg.PoolClient, n: PersonNotification) => Promise<void>,
  o: { limit?: number } = {},
): Promise<number> {
  return withTransaction(ctx.pool, async (db) => {
    const rows = await listPendingPersonNotificationsForUpdate(db, o.limit ?? 200);
    for (const r of rows) {
      await handle(db, {
        subjectRef: r.subject_ref,
        dossierId: r.dossier_id,
        procedureCode: r.procedure_code,
        status: r.status as DossierStatus,
        at: r.created_at,
      });
    }
    if (rows.length)
      await updatePersonNotificationsSent(
        db,
        rows.map((r) => r.id),
        ctx.clock.now(),
      );
    return rows.length;
  });
}
