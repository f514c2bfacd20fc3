/**
 * The outbox sender (one per gateway process; several may run at once). Delivery is at least
 * once, and idempotent by Message-ID:
 * 1. claim due rows (`FOR UPDATE SKIP LOCKED`, then a lease `claimed_until`, counted as an
 *    attempt): two senders never hold the same row;
 * 2. render and hand each to the mailer with a Message-ID derived from the notification key;
 * 3. on acceptance mark it `sent`; on failure schedule a retry at `base × 2^(attempts−1)`
 *    (capped), `dead` after `maxAttempts`.
 * A sender that dies between 2 and 3 leaves a delivered row unmarked: once its lease ends
 * another sender (or the same one restarted) sends it again, with the same Message-ID. SMTP
 * has no idempotency of its own (RFC 5321 §6.1 admits duplicates); receiving systems recognise
 * the duplicate by its Message-ID, and nothing else is ever sent twice. A row's lease must
 * outlast one send (mailer timeouts below it).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import {
  claimDueNotifications,
  countDigestedByDigestId,
  updateNotificationRetryById,
  updateNotificationSentById,
  type OutboxRow,
} from './store/outbox.js';
import { messageIdFor, renderAgentNotification, renderDigest, renderNotification } from './content.js';
import type { Mailer, NotificationKind } from './types.js';

export interface OutboxSenderOptions {
  pool: pg.Pool;
  clock: Clock;
  mailer: Mailer;
  /** From: header (e.g. `Datapedia <ne-pas-repondre@datapedia.gouv.fr>`). */
  from: string;
  /** Base URL of the public site (the e-mails link to `<url>/moi`). */
  publicUrl: string;
  /** Right-hand side of the Message-IDs. */
  messageIdDomain: string;
  /** This sender's name in `claimed_by` (default: a random id). */
  senderId?: string;
  batchSize?: number;
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  logger?: { warn(obj: object, msg: string): void };
}

export interface OutboxSender {
  /** One pass: claims due rows and sends them; resolves with what happened. */
  runOnce(): Promise<{ sent: number; failed: number }>;
  /** Runs a pass every `intervalMs` until `stop`. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** Delay before attempt n+1 after n failed attempts. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createOutboxSender(o: OutboxSenderOptions): OutboxSender {
  const id = o.senderId ?? `sender-${randomUUID()}`;
  const batch = o.batchSize ?? 20;
  const lease = o.leaseMs ?? 60_000;
  const base = o.retryBaseMs ?? 30_000;
  const max = o.retryMaxMs ?? 6 * 3_600_000;
  const maxAttempts = o.maxAttempts ?? 10;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function render(r: OutboxRow) {
    if (r.kind === 'producer_report' || r.kind === 'need_answered' || r.kind === 'agent_invitation')
      return renderAgentNotification(r.kind, o.publicUrl);
    if (r.kind !== 'digest') return renderNotification(r.kind as NotificationKind, o.publicUrl);
    return renderDigest(await countDigestedByDigestId(o.pool, r.id), o.publicUrl);
  }

  async function sendOne(r: OutboxRow): Promise<boolean> {
    try {
      const { subject, text } = await render(r);
      await o.mailer.send({ from: o.from, to: r.recipient, subject, text, messageId: messageIdFor(r.notification_key, o.messageIdDomain) });
    } catch (err) {
      const now = o.clock.now();
      const dead = r.attempts >= maxAttempts;
      await updateNotificationRetryById(
        o.pool,
        r.id,
        new Date(now.getTime() + retryDelayMs(r.attempts, base, max)),
        err instanceof Error ? err.message : String(err),
        dead,
      );
      o.logger?.warn(
        { notificationId: r.id, attempts: r.attempts, dead, err: err instanceof Error ? err.message : String(err) },
        'notification not sent',
      );
      return false;
    }
    await updateNotificationSentById(o.pool, r.id, o.clock.now());
    return true;
  }

  async function runOnce(): Promise<{ sent: number; failed: number }> {
    const now = o.clock.now();
    const rows = await claimDueNotifications(o.pool, now, new Date(now.getTime() + lease), id, batch);
    let sent = 0;
    for (const r of rows) if (await sendOne(r)) sent += 1;
    return { sent, failed: rows.length - sent };
  }

  return {
    runOnce,
    start(intervalMs = 5000) {
      const tick = () => {
        running = runOnce()
          .catch((err: unknown) => o.logger?.warn({ err }, 'notification sender pass failed'))
          .finally(() => {
            if (timer !== undefined) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
