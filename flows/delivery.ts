/**
 * Pull delivery to the instructing administration. Rules: a subscriber only ever finds its own
 * dossiers (another's is `client.not_found`, never `forbidden`, so ids cannot be probed); the
 * inbox lists unacknowledged dossiers not currently leased; fetching a dossier leases it for the
 * visibility timeout, after which it is back in the inbox; acknowledging is final and idempotent;
 * each delivery is recorded in the ledger BEFORE the content is handed over.
 */
import { ProblemError, withTransaction } from '../schemas/index.js';
import type { ByteRange } from './blob-store.js';
import { dossierEvent } from './events.js';
import { openPayload } from './payload.js';
import {
  findDossierById,
  findDossierBySubscriberForUpdate,
  listAttachmentsByDossier,
  listInboxBySubscriber,
  updateDossierAckById,
  updateDossierLeaseById,
  type AttachmentRow,
  type DossierRow,
} from './store/dossiers.js';
import type { AttachmentMeta, Dossier, DossierStatus, DossierSummary, FlowActor, FlowsContext } from './types.js';
import type { Readable } from 'node:stream';

export const DEFAULT_VISIBILITY_TIMEOUT_MS = 5 * 60_000;
const CURSOR = /^\d{1,19}$/;

function notFound(): ProblemError {
  return new ProblemError('client.not_found', { detail: 'Dossier introuvable.' });
}

export function toSummary(r: DossierRow): DossierSummary {
  return {
    id: r.id,
    procedureCode: r.procedure_code,
    communeCode: r.commune_code,
    subscriptionId: r.subscription_id,
    subscriberSiret: r.subscriber_siret,
    depositedAt: r.deposited_at,
    deliveryCount: r.delivery_count,
    status: r.current_status as DossierStatus | null,
  };
}

function toAttachment(a: AttachmentRow): AttachmentMeta {
  return { n: a.n, filename: a.filename, mediaType: a.media_type, size: Number(a.size), sha256: a.sha256, purged: a.purged_at !== null };
}

export interface InboxPage {
  items: DossierSummary[];
  /** Pass it back as `cursor` for the next page; null at the end of this pass. */
  nextCursor: string | null;
}

/**
 * The subscriber's inbox: dossiers to fetch, oldest first. A pass starts without a cursor and
 * follows `nextCursor` to its end; a dossier whose lease expired reappears at its original place,
 * so a subscriber starts a new pass (no cursor) each time it polls.
 */
export async function listInbox(
  ctx: FlowsContext,
  o: { subscriberSiret: string; cursor?: string | null; limit?: number },
): Promise<InboxPage> {
  if (o.cursor && !CURSOR.test(o.cursor)) throw new ProblemError('client.invalid_parameter', { detail: 'Curseur invalide.' });
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
  const rows = await listInboxBySubscriber(ctx.pool, o.subscriberSiret, ctx.clock.now(), o.cursor ?? '0', limit);
  return { items: rows.map(toSummary), nextCursor: rows.length === limit ? rows[rows.length - 1]!.inbox_seq : null };
}

/** Fetches one dossier (form opened), leasing it until the visibility timeout runs out. */
export async function fetchDossier(
  ctx: FlowsContext,
  o: { subscriberSiret: string; dossierId: string; actor: FlowActor },
): Promise<Dossier> {
  const now = ctx.clock.now();
  const row = await findDossierById(ctx.pool, o.dossierId).catch(invalidId);
  if (!row || row.subscriber_siret !== o.subscriberSiret) throw notFound();
  // Recorded before anything is handed over or leased; no connection held meanwhile.
  await ctx.ledger.append(
    dossierEvent({
      action: 'delivered',
      dossierId: row.id,
      at: now,
      actor: o.actor,
      procedureCode: row.procedure_code,
      subscriberSiret: row.subscriber_siret,
      subjectRef: row.subject_ref,
      subjectKind: row.subject_kind,
      detail: { delivery: row.delivery_count + 1, formSha256: row.form_sha256, purged: row.purged_at !== null },
    }),
  );
  if (!row.acked_at)
    await updateDossierLeaseById(
      ctx.pool,
      row.id,
      now,
      new Date(now.getTime() + (ctx.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_TIMEOUT_MS)),
    );
  const payload = row.form_sealed ? openPayload(ctx.sealer, row.id, row.form_sealed) : null;
  const attachments = await listAttachmentsByDossier(ctx.pool, row.id);
  return {
    ...toSummary(row),
    deliveryCount: row.acked_at ? row.delivery_count : row.delivery_count + 1,
    subjectRef: row.subject_ref,
    subjectKind: row.subject_kind,
    applicant: payload?.applicant ?? null,
    form: payload?.form ?? null,
    formSha256: row.form_sha256,
    attachments: attachments.map(toAttachment),
    ackedAt: row.acked_at,
    purgedAt: row.purged_at,
  };
}

/** A malformed id is simply not found (22P02 from PostgreSQL's uuid parser). */
function invalidId(err: unknown): null {
  if ((err as { code?: string }).code === '22P02') return null;
  throw err;
}

/**
 * Parses a `Range` header (RFC 9110 §14.2), one range only; null = whole content. An
 * unsatisfiable range → `client.invalid_parameter` with the size (the HTTP layer answers 416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw new ProblemError('client.invalid_parameter', { detail: 'Plage non satisfiable.', extensions: { size } });
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end)
    throw new ProblemError('client.invalid_parameter', { detail: 'Plage non satisfiable.', extensions: { size } });
  return { start, end };
}

export interface AttachmentDownload {
  meta: AttachmentMeta;
  /** Strong validator: the content's SHA-256 (RFC 9110 §8.8.3). */
  etag: string;
  range: ByteRange | null;
  stream: Readable;
}

/** Streams an attachment of the subscriber's own dossier (whole or one range). */
export async function openAttachment(
  ctx: FlowsContext,
  o: { subscriberSiret: string; dossierId: string; n: number; range?: string; actor: FlowActor },
): Promise<AttachmentDownload> {
  const d = await findDossierById(ctx.pool, o.dossierId).catch(invalidId);
  if (!d || d.subscriber_siret !== o.subscriberSiret) throw notFound();
  const a = (await listAttachmentsByDossier(ctx.pool, d.id)).find((x) => x.n === o.n);
  if (!a || a.purged_at) throw new ProblemError('client.not_found', { detail: 'Pièce jointe introuvable ou purgée.' });
  const meta = toAttachment(a);
  const range = parseRange(o.range, meta.size);
  await ctx.ledger.append(
    dossierEvent({
      action: 'attachment_delivered',
      dossierId: d.id,
      at: ctx.clock.now(),
      actor: o.actor,
      procedureCode: d.procedure_code,
      subscriberSiret: d.subscriber_siret,
      subjectRef: d.subject_ref,
      subjectKind: d.subject_kind,
      bodySha256: a.sha256,
      detail: { n: a.n, size: meta.size, ...(range ? { range: [range.start, range.end] } : {}) },
    }),
  );
  const stream = await ctx.blobs.get(a.sha256, range ?? undefined);
  if (!stream) throw new ProblemError('gateway.internal', { detail: 'Pièce jointe absente du stockage.' });
  return { meta, etag: `"${a.sha256}"`, range, stream };
}

/** Acknowledges a dossier: it never comes back in the inbox. Only a fetched dossier can be acknowledged. */
export async function ackDossier(
  ctx: FlowsContext,
  o: { subscriberSiret: string; dossierId: string; actor: FlowActor },
): Promise<{ ackedAt: Date }> {
  const now = ctx.clock.now();
  return withTransaction(ctx.pool, async (db) => {
    const d = await findDossierBySubscriberForUpdate(db, o.dossierId, o.subscriberSiret).catch(invalidId);
    if (!d) throw notFound();
    if (d.acked_at) return { ackedAt: d.acked_at };
    if (d.delivery_count === 0)
      throw new ProblemError('client.invalid_transition', {
        detail: 'Dossier jamais récupéré : récupérez-le avant d’en accuser réception.',
      });
    await updateDossierAckById(db, d.id, now);
    await ctx.ledger.append(
      dossierEvent({
        action: 'acknowledged',
        dossierId: d.id,
        at: now,
        actor: o.actor,
        procedureCode: d.procedure_code,
        subscriberSiret: d.subscriber_siret,
        subjectRef: d.subject_ref,
        subjectKind: d.subject_kind,
        detail: { deliveries: d.delivery_count },
      }),
    );
    return { ackedAt: now };
  });
}
