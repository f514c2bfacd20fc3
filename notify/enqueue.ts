/**
 * Queuing notifications (transactional outbox). Rules:
 * - `notifyPerson` runs in the caller's transaction (pass its client): the notification exists
 *   if and only if what it announces was committed;
 * - nothing is queued for a person who did not opt in to the kind;
 * - the notification key dedupes: the same key twice is queued once. Callers choose keys that
 *   say what is new — `data_obtained:<person>:<consumer SIRET>` is queued once per
 *   administration ever, which is exactly "a NEW administration obtained data about me";
 * - a person on the daily digest gets the row `held` until the next digest hour (UTC), when
 *   `composeDigests` folds that person's held rows into one digest row.
 */
import { randomUUID } from 'node:crypto';
import { withTransaction } from '../schemas/index.js';
import { createHash } from 'node:crypto';
import {
  insertAgentNotification,
  insertDigestNotification,
  insertNotificationIfOptedIn,
  listDueHeldNotificationsForUpdate,
  updateNotificationsDigestedByIds,
  type OutboxRow,
} from './store/outbox.js';
import type { Queryable } from './store/preferences.js';
import type { AgentNotificationKind, NotificationKind, NotifyContext } from './types.js';

/** Hour (UTC) of the daily digest: 06:00 UTC is 07:00 or 08:00 in metropolitan France. */
export const DIGEST_HOUR_UTC = 6;

/** The first digest hour strictly after `at`. */
export function nextDigestAt(at: Date, hourUtc = DIGEST_HOUR_UTC): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), hourUtc));
  return d.getTime() > at.getTime() ? d : new Date(d.getTime() + 86_400_000);
}

/** Queues a notification if the person opted in; 'queued', or why not. */
export async function notifyPerson(
  db: Queryable,
  o: { personRef: string; kind: NotificationKind; key: string; at: Date },
): Promise<'queued' | 'not_queued'> {
  if (!o.key || o.key.length > 300) throw new TypeError('notifyPerson: key must have 1 to 300 characters');
  const id = await insertNotificationIfOptedIn(db, {
    id: randomUUID(),
    key: o.key,
    personRef: o.personRef,
    kind: o.kind,
    at: o.at,
    digestAt: nextDigestAt(o.at),
  });
  return id ? 'queued' : 'not_queued';
}

/**
 * Queues a notification to an administration's agent at their professional address (sent at
 * once, no digest). Runs in the caller's transaction; the key dedupes like `notifyPerson`.
 */
export async function notifyAgent(
  db: Queryable,
  o: { email: string; kind: AgentNotificationKind; key: string; at: Date },
): Promise<'queued' | 'not_queued'> {
  if (!o.key || o.key.length > 300) throw new TypeError('notifyAgent: key must have 1 to 300 characters');
  const email = o.email.trim().toLowerCase();
  const id = await insertAgentNotification(db, {
    id: randomUUID(),
    key: o.key,
    personRef: createHash('sha256').update(email).digest('hex'),
    kind: o.kind,
    recipient: email,
    at: o.at,
  });
  return id ? 'queued' : 'not_queued';
}

/** Folds due held notifications into one digest per person; returns the number of digests queued. */
export async function composeDigests(ctx: NotifyContext, limit = 1000): Promise<number> {
  const now = ctx.clock.now();
  return withTransaction(ctx.pool, async (client) => {
    const held = await listDueHeldNotificationsForUpdate(client, now, limit);
    const byPerson = new Map<string, OutboxRow[]>();
    for (const r of held) byPerson.set(r.person_ref, [...(byPerson.get(r.person_ref) ?? []), r]);
    for (const [personRef, rows] of byPerson) {
      const id = randomUUID();
      // Each held row is folded once (locked here, then `digested`): keyed by its first row, a digest is unique.
      await insertDigestNotification(client, {
        id,
        key: `digest:${personRef}:${rows[0]!.id}`,
        personRef,
        recipient: rows[rows.length - 1]!.recipient,
        at: now,
      });
      await updateNotificationsDigestedByIds(
        client,
        rows.map((r) => r.id),
        id,
      );
    }
    return byPerson.size;
  });
}
