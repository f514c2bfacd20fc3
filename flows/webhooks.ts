/**
 * Push delivery to subscribers that chose a webhook. Rules: the body is signed (JWS with a
 * detached payload, RFC 7515 Appendix F, in the `Datapedia-Signature` header) by a signing
 * function the composition root passes in, so the subscriber verifies it against the platform's
 * `/.well-known/jwks.json`; each attempt is recorded in the ledger before it is sent (the body
 * carries the form); a 2xx acknowledges the dossier; otherwise the next attempt waits
 * `baseDelayMs × 2^(attempts−1)` (capped), and after `maxAttempts` the delivery is dead-lettered
 * for the operator, who may requeue it.
 */
import { withTransaction } from '../schemas/index.js';
import { dossierEvent } from './events.js';
import { openPayload } from './payload.js';
import { findDossierById, listAttachmentsByDossier, updateDossierAckById, updateDossierLeaseById } from './store/dossiers.js';
import {
  claimDueWebhookDeliveries,
  listDeadWebhookDeliveries,
  updateDeadWebhookRequeued,
  updateWebhookDeliveryById,
} from './store/webhooks.js';
import type { FlowsContext } from './types.js';

/** Signs the exact body bytes; returns a compact JWS with an empty payload part (`header..signature`). */
export type SignDetached = (body: Uint8Array) => Promise<string>;
/** Sends one request; resolves with the HTTP status, rejects on a network error or timeout. */
export type WebhookSend = (url: string, init: { body: string; headers: Record<string, string> }) => Promise<{ status: number }>;

export interface WebhookOptions {
  sign: SignDetached;
  send?: WebhookSend;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  limit?: number;
  timeoutMs?: number;
}

export interface WebhookRunReport {
  delivered: number;
  retried: number;
  dead: number;
}

export function defaultSend(timeoutMs: number): WebhookSend {
  return async (url, init) => {
    const res = await fetch(url, {
      method: 'POST',
      body: init.body,
      headers: init.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return { status: res.status };
  };
}

/** Signs and sends one body; null on a 2xx, otherwise what went wrong (never the response body). */
export async function sendSigned(
  sign: SignDetached,
  send: WebhookSend,
  url: string,
  body: string,
  deliveryId: string,
): Promise<string | null> {
  try {
    const signature = await sign(Buffer.from(body));
    const res = await send(url, {
      body,
      headers: { 'Content-Type': 'application/json', 'Datapedia-Signature': signature, 'Datapedia-Delivery': deliveryId },
    });
    return res.status >= 200 && res.status <= 299 ? null : `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
  }
}

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.max(attempts - 1, 0), maxDelayMs);
}

/** One pass of the push job: sends the due deliveries. */
export async function deliverDueWebhooks(ctx: FlowsContext, o: WebhookOptions): Promise<WebhookRunReport> {
  const maxAttempts = o.maxAttempts ?? 8;
  const base = o.baseDelayMs ?? 10_000;
  const cap = o.maxDelayMs ?? 6 * 3600_000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const send = o.send ?? defaultSend(timeoutMs);
  const now = ctx.clock.now();
  const due = await claimDueWebhookDeliveries(ctx.pool, now, new Date(now.getTime() + timeoutMs * 3), o.limit ?? 50);
  const report: WebhookRunReport = { delivered: 0, retried: 0, dead: 0 };
  for (const w of due) {
    const d = await findDossierById(ctx.pool, w.dossier_id);
    if (!d) continue;
    const attempt = w.attempts + 1;
    const payload = d.form_sealed ? openPayload(ctx.sealer, d.id, d.form_sealed) : null;
    const attachments = await listAttachmentsByDossier(ctx.pool, d.id);
    const body = JSON.stringify({
      type: 'dossier.deposited',
      dossier: {
        id: d.id,
        procedureCode: d.procedure_code,
        communeCode: d.commune_code,
        depositedAt: d.deposited_at.toISOString(),
        applicant: payload?.applicant ?? null,
        form: payload?.form ?? null,
        formSha256: d.form_sha256,
        attachments: attachments.map((a) => ({
          n: a.n,
          filename: a.filename,
          mediaType: a.media_type,
          size: Number(a.size),
          sha256: a.sha256,
        })),
      },
    });
    const facts = {
      dossierId: d.id,
      actor: { kind: 'service' as const, id: 'flows-webhooks' },
      procedureCode: d.procedure_code,
      subscriberSiret: d.subscriber_siret,
      subjectRef: d.subject_ref,
      subjectKind: d.subject_kind,
    };
    await ctx.ledger.append(
      dossierEvent({ ...facts, action: 'push_attempted', at: now, detail: { attempt, bodySize: Buffer.byteLength(body) } }),
    );
    const error = await sendSigned(o.sign, send, w.webhook_url, body, `${d.id}/${attempt}`);
    const at = ctx.clock.now();
    if (!error) {
      await withTransaction(ctx.pool, async (db) => {
        await updateWebhookDeliveryById(db, d.id, { state: 'delivered', attempts: attempt, nextAttemptAt: at, lastError: null, now: at });
        await updateDossierLeaseById(db, d.id, at, at);
        await updateDossierAckById(db, d.id, at);
        await ctx.ledger.append(dossierEvent({ ...facts, action: 'acknowledged', at, detail: { via: 'webhook', attempt } }));
      });
      report.delivered++;
    } else if (attempt >= maxAttempts) {
      await updateWebhookDeliveryById(ctx.pool, d.id, { state: 'dead', attempts: attempt, nextAttemptAt: at, lastError: error, now: at });
      report.dead++;
    } else {
      await updateWebhookDeliveryById(ctx.pool, d.id, {
        state: 'pending',
        attempts: attempt,
        nextAttemptAt: new Date(at.getTime() + backoffMs(attempt, base, cap)),
        lastError: error,
        now: at,
      });
      report.retried++;
    }
  }
  return report;
}

export interface DeadLetter {
  dossierId: string;
  subscriptionId: string;
  webhookUrl: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** The operator's view of dead-lettered pushes. */
export async function listDeadLetters(ctx: Pick<FlowsContext, 'pool'>, limit = 100): Promise<DeadLetter[]> {
  return (await listDeadWebhookDeliveries(ctx.pool, limit)).map((w) => ({
    dossierId: w.dossier_id,
    subscriptionId: w.subscription_id,
    webhookUrl: w.webhook_url,
    attempts: w.attempts,
    lastError: w.last_error,
    createdAt: w.created_at,
  }));
}

/** The operator requeues a dead letter (attempts start over). */
export async function requeueDeadLetter(ctx: Pick<FlowsContext, 'pool' | 'clock'>, dossierId: string): Promise<boolean> {
  return updateDeadWebhookRequeued(ctx.pool, dossierId, ctx.clock.now());
}
