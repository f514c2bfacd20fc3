/**
 * Statuses pushed to the front office that deposited the dossier, for front offices that
 * registered a webhook (the others read `listStatusesForFrontOffice` with a cursor). Same rules
 * as the subscribers' pushes (webhooks.ts): detached JWS over the body, exponential back-off,
 * dead after `maxAttempts`. The body carries the status and the message for the person.
 */
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import { openMessage } from './payload.js';
import { claimDueStatusPushes, updateStatusPushBySeq, upsertFrontOfficeWebhook } from './store/status-pushes.js';
import { checkWebhookUrl } from './subscriptions.js';
import type { FlowsContext } from './types.js';
import { backoffMs, defaultSend, sendSigned, type WebhookOptions, type WebhookRunReport } from './webhooks.js';

/** A front office registers (or replaces) the URL its statuses are pushed to. */
export async function registerFrontOfficeWebhook(
  ctx: { pool: pg.Pool; clock: Clock },
  o: { clientId: string; webhookUrl: string; allowedWebhookHosts: readonly string[] },
): Promise<void> {
  checkWebhookUrl(o.webhookUrl, o.allowedWebhookHosts);
  await upsertFrontOfficeWebhook(ctx.pool, o.clientId, o.webhookUrl, ctx.clock.now());
}

/** One pass of the status push job. */
export async function deliverDueStatusPushes(ctx: FlowsContext, o: WebhookOptions): Promise<WebhookRunReport> {
  const maxAttempts = o.maxAttempts ?? 8;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const send = o.send ?? defaultSend(timeoutMs);
  const now = ctx.clock.now();
  const due = await claimDueStatusPushes(ctx.pool, now, new Date(now.getTime() + timeoutMs * 3), o.limit ?? 100);
  const report: WebhookRunReport = { delivered: 0, retried: 0, dead: 0 };
  for (const p of due) {
    const attempt = p.attempts + 1;
    const body = JSON.stringify({
      type: 'dossier.status',
      cursor: p.status_seq,
      dossierId: p.dossier_id,
      status: p.status,
      message: p.message_sealed ? openMessage(ctx.sealer, p.dossier_id, p.message_sealed) : null,
      at: p.created_at.toISOString(),
    });
    const error = await sendSigned(o.sign, send, p.webhook_url, body, `status-${p.status_seq}/${attempt}`);
    const at = ctx.clock.now();
    if (!error) {
      await updateStatusPushBySeq(ctx.pool, p.status_seq, {
        state: 'delivered',
        attempts: attempt,
        nextAttemptAt: at,
        lastError: null,
        now: at,
      });
      report.delivered++;
    } else if (attempt >= maxAttempts) {
      await updateStatusPushBySeq(ctx.pool, p.status_seq, {
        state: 'dead',
        attempts: attempt,
        nextAttemptAt: at,
        lastError: error,
        now: at,
      });
      report.dead++;
    } else {
      const next = new Date(at.getTime() + backoffMs(attempt, o.baseDelayMs ?? 10_000, o.maxDelayMs ?? 6 * 3600_000));
      await updateStatusPushBySeq(ctx.pool, p.status_seq, {
        state: 'pending',
        attempts: attempt,
        nextAttemptAt: next,
        lastError: error,
        now: at,
      });
      report.retried++;
    }
  }
  return report;
}
