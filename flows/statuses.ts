/**
 * Statuses of a dossier, posted by its instructing administration, read by the front office that
 * deposited it (cursor) and by the person ("Mes démarches"). Rules: only the dossier's
 * subscriber posts; `closed` is final, `accepted` and `rejected` only lead to `closed`; the
 * message for the person (≤ 2,000 characters) is sealed at rest and never reaches the ledger
 * (its digest and length do); each status queues a notification for the person.
 */
import { createHash } from 'node:crypto';
import { ProblemError, withTransaction } from '../schemas/index.js';
import { dossierEvent } from './events.js';
import { openMessage, sealMessage } from './payload.js';
import { findDossierBySubscriberForUpdate, listDossiersBySubjectRefs, updateDossierStatusById } from './store/dossiers.js';
import { insertStatusPushIfRegistered } from './store/status-pushes.js';
import {
  insertPersonNotification,
  insertStatus,
  listStatusesByDepositor,
  listStatusesByDossierIds,
  type StatusRow,
} from './store/statuses.js';
import { DOSSIER_STATUSES, type DossierStatus, type FlowActor, type FlowsContext, type StatusEntry } from './types.js';

const MAX_MESSAGE = 2000;
const CURSOR = /^\d{1,19}$/;

/** Statuses allowed after each current status (null: none posted yet). */
function allowedAfter(current: DossierStatus | null): readonly DossierStatus[] {
  if (current === 'closed') return [];
  if (current === 'accepted' || current === 'rejected') return ['closed'];
  return DOSSIER_STATUSES;
}

function toEntry(ctx: Pick<FlowsContext, 'sealer'>, r: StatusRow): StatusEntry {
  return {
    seq: r.seq,
    dossierId: r.dossier_id,
    status: r.status as DossierStatus,
    message: r.message_sealed ? openMessage(ctx.sealer, r.dossier_id, r.message_sealed) : null,
    at: r.created_at,
  };
}

/** The subscriber posts a status with an optional message for the person. */
export async function postStatus(
  ctx: FlowsContext,
  o: { subscriberSiret: string; dossierId: string; status: DossierStatus; message?: string | null; actor: FlowActor },
): Promise<StatusEntry> {
  if (!DOSSIER_STATUSES.includes(o.status))
    throw new ProblemError('client.validation_failed', {
      detail: `Statut inconnu (${DOSSIER_STATUSES.join(', ')}).`,
      errors: [{ pointer: '/status', detail: 'valeur non autorisée' }],
    });
  const message = o.message?.trim() || null;
  if (message && message.length > MAX_MESSAGE)
    throw new ProblemError('client.validation_failed', {
      detail: `Message de plus de ${MAX_MESSAGE} caractères.`,
      errors: [{ pointer: '/message', detail: 'trop long' }],
    });
  const now = ctx.clock.now();
  return withTransaction(ctx.pool, async (db) => {
    const d = await findDossierBySubscriberForUpdate(db, o.dossierId, o.subscriberSiret).catch((err: { code?: string }) => {
      if (err.code === '22P02') return null;
      throw err;
    });
    if (!d) throw new ProblemError('client.not_found', { detail: 'Dossier introuvable.' });
    if (!allowedAfter(d.current_status as DossierStatus | null).includes(o.status)) {
      throw new ProblemError('client.invalid_transition', { detail: `Statut ${o.status} impossible après ${d.current_status}.` });
    }
    const sealed = message ? sealMessage(ctx.sealer, d.id, message) : null;
    const seq = await insertStatus(db, { dossierId: d.id, status: o.status, messageSealed: sealed, author: { ...o.actor }, at: now });
    await updateDossierStatusById(db, d.id, o.status);
    await insertPersonNotification(db, d.subject_ref, d.id, seq, now);
    await insertStatusPushIfRegistered(db, seq, d.id, now);
    await ctx.ledger.append(
      dossierEvent({
        action: 'status',
        dossierId: d.id,
        at: now,
        actor: o.actor,
        procedureCode: d.procedure_code,
        subscriberSiret: d.subscriber_siret,
        subjectRef: d.subject_ref,
        subjectKind: d.subject_kind,
        detail: {
          status: o.status,
          ...(message ? { messageSha256: createHash('sha256').update(message).digest('hex'), messageLength: message.length } : {}),
        },
      }),
    );
    return { seq, dossierId: d.id, status: o.status, message, at: now };
  });
}

export interface StatusPage {
  items: StatusEntry[];
  /** The cursor to pass next time (unchanged when nothing new). */
  cursor: string;
}

/** The statuses of the front office's own dossiers since a cursor. */
export async function listStatusesForFrontOffice(
  ctx: FlowsContext,
  o: { clientId: string; since?: string | null; limit?: number },
): Promise<StatusPage> {
  if (o.since && !CURSOR.test(o.since)) throw new ProblemError('client.invalid_parameter', { detail: 'Curseur invalide.' });
  const since = o.since ?? '0';
  const rows = await listStatusesByDepositor(ctx.pool, o.clientId, since, Math.min(Math.max(o.limit ?? 100, 1), 1000));
  return { items: rows.map((r) => toEntry(ctx, r)), cursor: rows.length ? rows[rows.length - 1]!.seq : since };
}

export interface MyDossier {
  id: string;
  procedureCode: string;
  procedureTitle: string;
  administration: { siret: string; name: string };
  depositedAt: Date;
  status: DossierStatus | null;
  statuses: { status: DossierStatus; message: string | null; at: Date }[];
}

/** "Mes démarches": a person's dossiers (by their subject refs), each with its statuses. */
export async function listMyDossiers(ctx: FlowsContext, subjectRefs: string[], limit = 100): Promise<MyDossier[]> {
  if (subjectRefs.length === 0) return [];
  const dossiers = await listDossiersBySubjectRefs(ctx.pool, subjectRefs, limit);
  const statuses = await listStatusesByDossierIds(
    ctx.pool,
    dossiers.map((d) => d.id),
  );
  return dossiers.map((d) => ({
    id: d.id,
    procedureCode: d.procedure_code,
    procedureTitle: d.procedure_title,
    administration: { siret: d.subscriber_siret, name: d.subscriber_name },
    depositedAt: d.deposited_at,
    status: d.current_status as DossierStatus | null,
    statuses: statuses
      .filter((s) => s.dossier_id === d.id)
      .map((s) => {
        const e = toEntry(ctx, s);
        return { status: e.status, message: e.message, at: e.at };
      }),
  }));
}
