/**
 * Citizens' reports of a suspicious access ("Signaler un accès suspect"). Rules:
 * - the caller has checked that the exchange is about the citizen (it reads the ledger);
 * - filing needs the citizen's confirmation (`confirmed: true`, the page's confirmation step);
 * - one report per (subject, exchange): a second one returns the first;
 * - the message is sealed at rest (AES-256-GCM, purpose `report-messages`, the report id as
 *   additional data) and never enters the ledger: the `citizen.report` event (detail
 *   `{ caseId: <report id>, exchangeId, messageSha256 }`) carries its SHA-256, so an auditor can
 *   check the message shown is the one filed; the audit domain turns the event into a case;
 * - auditors read the messages of a case (`readCaseReports`) and write a conclusion for the
 *   citizen (`replyToReport`, sealed the same way, its digest in the ledger);
 * - the citizen sees each report with the case's status and that conclusion (`listMyReportViews`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ProblemError, type KeySealer } from '../schemas/index.js';
import {
  findCitizenReportById,
  findCitizenReportBySubjectRefAndEventId,
  insertCitizenReport,
  insertReportReply,
  listCitizenReportsByAuditCaseId,
  listCitizenReportsByAuditCaseIdOrEventIds,
  listCitizenReportsBySubjectRefs,
  listClearCitizenReports,
  listLatestRepliesByReportIds,
  updateCitizenReportCaseById,
  updateCitizenReportSealedById,
  type CitizenReportRow,
  type ReportReplyRow,
} from './store/reports.js';
import { inTransaction, isUuid } from './transaction.js';
import type { CitizenReport, ConsentActor, ConsentContext, SubjectKind } from './types.js';

const MAX_MESSAGE = 2000;
const MAX_REPLY = 4000;

/** The domain context plus the sealer of messages (`createKeySealer(secret, 'report-messages')`). */
export type ReportContext = ConsentContext & { sealer: KeySealer };

/** Status of the audit case instructing a report, as the audit domain knows it (null: not opened yet). */
export type CaseStatusOf = (auditCaseId: string) => Promise<'open' | 'investigating' | 'closed' | null>;

/** A report as its author sees it. */
export interface ReportView {
  id: string;
  eventId: string;
  message: string;
  createdAt: string;
  confirmedAt: string | null;
  /** `pending`: no audit case yet (the audit evaluator opens it from the ledger event). */
  status: 'pending' | 'open' | 'investigating' | 'closed';
  /** The auditor's conclusion written for the citizen, once given. */
  reply: { text: string; at: string } | null;
}

/** A report as the auditors of its case read it. */
export interface CaseReport {
  reportId: string;
  eventId: string;
  subjectRef: string;
  message: string;
  messageSha256: string;
  createdAt: string;
  reply: { text: string; at: string; author: ConsentActor } | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const messageKid = (reportId: string) => `report:${reportId}`;
const replyKid = (reportId: string, version: number) => `reply:${reportId}:${version}`;

function cleanMessage(raw: unknown): string {
  const message = typeof raw === 'string' ? raw.trim() : raw === undefined ? '' : null;
  if (message === null || message.length > MAX_MESSAGE) {
    throw new ProblemError('client.validation_failed', {
      detail: `Message de ${MAX_MESSAGE} caractères au plus.`,
      errors: [{ pointer: '/message', detail: `${MAX_MESSAGE} caractères au plus` }],
    });
  }
  return message;
}

function openMessage(sealer: KeySealer | null, r: CitizenReportRow): string {
  if (r.message !== null) return r.message;
  if (!sealer || !r.message_sealed) return '';
  return sealer.open(messageKid(r.id), r.message_sealed);
}

function toReport(r: CitizenReportRow, message: string): CitizenReport {
  return {
    id: r.id,
    subjectRef: r.subject_ref,
    eventId: r.event_id,
    message,
    auditCaseId: r.audit_case_id,
    createdAt: r.created_at.toISOString(),
  };
}

type ReportedEvent = { id: string; subjectRef: string; subjectKind: SubjectKind; consumerSiret?: string | null; apiSlug?: string | null };

async function file(
  ctx: ConsentContext,
  sealer: KeySealer | null,
  o: { event: ReportedEvent; message: string; confirmedAt: Date | null; actor: ConsentActor },
) {
  return inTransaction(ctx.pool, async (client) => {
    const now = ctx.clock.now();
    const id = randomUUID();
    const row: CitizenReportRow = {
      id,
      subject_ref: o.event.subjectRef,
      event_id: o.event.id,
      audit_case_id: null,
      confirmed_at: o.confirmedAt,
      created_at: now,
      message: sealer ? null : o.message,
      message_sealed: sealer ? sealer.seal(messageKid(id), o.message) : null,
      message_sha256: sha256(o.message),
    };
    if (!(await insertCitizenReport(client, row))) {
      const existing = (await findCitizenReportBySubjectRefAndEventId(client, o.event.subjectRef, o.event.id))!;
      return { report: toReport(existing, openMessage(sealer, existing)), created: false, ledgerEventId: null };
    }
    const ledgerEventId = randomUUID();
    await ctx.recordConsentEvent({
      id: ledgerEventId,
      type: 'citizen.report',
      occurredAt: now,
      actor: o.actor,
      subjectRef: o.event.subjectRef,
      subjectKind: o.event.subjectKind,
      ...(o.event.consumerSiret ? { consumerSiret: o.event.consumerSiret } : {}),
      ...(o.event.apiSlug ? { apiSlug: o.event.apiSlug } : {}),
      detail: { caseId: row.id, exchangeId: o.event.id, messageSha256: row.message_sha256 },
    });
    return { report: toReport(row, o.message), created: true, ledgerEventId };
  });
}

/**
 * Files a confirmed report, message sealed (see the rules above). Without `confirmed: true`
 * nothing is written: `client.validation_failed` at `/confirmed` (the page shows its
 * confirmation step first).
 */
export async function fileReport(
  ctx: ReportContext,
  o: { event: ReportedEvent; message: unknown; confirmed: unknown; actor: ConsentActor },
): Promise<{ report: CitizenReport; created: boolean; ledgerEventId: string | null }> {
  const message = cleanMessage(o.message);
  if (o.confirmed !== true)
    throw new ProblemError('client.validation_failed', {
      detail: 'Confirmez le signalement avant de l’envoyer.',
      errors: [{ pointer: '/confirmed', detail: 'confirmation requise' }],
    });
  return file(ctx, ctx.sealer, { event: o.event, message, confirmedAt: ctx.clock.now(), actor: o.actor });
}

/**
 * The earlier filing path (no confirmation step, message kept in clear): what the citizen space
 * calls until it passes a sealer and calls `fileReport`.
 */
export async function reportExchange(
  ctx: ConsentContext,
  o: { event: ReportedEvent; message: unknown; actor: ConsentActor },
): Promise<{ report: CitizenReport; created: boolean; ledgerEventId: string | null }> {
  return file(ctx, null, { event: o.event, message: cleanMessage(o.message), confirmedAt: null, actor: o.actor });
}

/**
 * Seals the messages of reports filed in clear by the earlier path (a one-off, safe to repeat
 * and to run in several processes); returns how many it sealed.
 */
export async function sealClearReportMessages(ctx: Pick<ReportContext, 'pool' | 'sealer'>, limit = 1000): Promise<number> {
  let done = 0;
  for (const r of await listClearCitizenReports(ctx.pool, limit)) {
    if (await updateCitizenReportSealedById(ctx.pool, r.id, ctx.sealer.seal(messageKid(r.id), r.message!), sha256(r.message!))) done += 1;
  }
  return done;
}

/** Records the audit case instructing a report. */
export async function linkReportToCase(ctx: Pick<ConsentContext, 'pool'>, reportId: string, auditCaseId: string): Promise<void> {
  await updateCitizenReportCaseById(ctx.pool, reportId, auditCaseId);
}

/** A citizen's reports, newest first (messages sealed at rest open only with `sealer`). */
export async function listMyReports(
  ctx: Pick<ConsentContext, 'pool'> & { sealer?: KeySealer },
  subjectRefs: string[],
  limit = 1000,
): Promise<CitizenReport[]> {
  if (subjectRefs.length === 0) return [];
  return (await listCitizenReportsBySubjectRefs(ctx.pool, subjectRefs, limit)).map((r) => toReport(r, openMessage(ctx.sealer ?? null, r)));
}

function openReply(sealer: KeySealer, r: ReportReplyRow): string {
  return sealer.open(replyKid(r.report_id, r.version), r.reply_sealed);
}

/** A citizen's reports with their case's status and the auditor's conclusion for them, newest first. */
export async function listMyReportViews(
  ctx: Pick<ReportContext, 'pool' | 'sealer'>,
  subjectRefs: string[],
  caseStatusOf: CaseStatusOf,
  limit = 200,
): Promise<ReportView[]> {
  if (subjectRefs.length === 0) return [];
  const rows = await listCitizenReportsBySubjectRefs(ctx.pool, subjectRefs, limit);
  const replies = new Map(
    (
      await listLatestRepliesByReportIds(
        ctx.pool,
        rows.map((r) => r.id),
      )
    ).map((r) => [r.report_id, r]),
  );
  return Promise.all(
    rows.map(async (r) => {
      const reply = replies.get(r.id);
      const status = r.audit_case_id ? ((await caseStatusOf(r.audit_case_id)) ?? 'pending') : 'pending';
      return {
        id: r.id,
        eventId: r.event_id,
        message: openMessage(ctx.sealer, r),
        createdAt: r.created_at.toISOString(),
        confirmedAt: r.confirmed_at?.toISOString() ?? null,
        status,
        reply: reply ? { text: openReply(ctx.sealer, reply), at: reply.created_at.toISOString() } : null,
      };
    }),
  );
}

/**
 * The citizens' messages of one audit case, for its auditors (the caller checked the role and
 * records the auditor's read, docs/architecture.md, "Invariants", 6): the reports linked to the
 * case and, with `reportedExchangeIds` (the exchanges a report case is about), the reports on
 * those exchanges that no case was linked to yet. Unknown case: an empty list.
 */
export async function readCaseReports(
  ctx: Pick<ReportContext, 'pool' | 'sealer'>,
  auditCaseId: string,
  o: { reportedExchangeIds?: readonly string[] } = {},
): Promise<CaseReport[]> {
  if (!isUuid(auditCaseId)) return [];
  const exchangeIds = (o.reportedExchangeIds ?? []).filter(isUuid);
  const rows = exchangeIds.length
    ? await listCitizenReportsByAuditCaseIdOrEventIds(ctx.pool, auditCaseId, exchangeIds)
    : await listCitizenReportsByAuditCaseId(ctx.pool, auditCaseId);
  const replies = new Map(
    (
      await listLatestRepliesByReportIds(
        ctx.pool,
        rows.map((r) => r.id),
      )
    ).map((r) => [r.report_id, r]),
  );
  return rows.map((r) => {
    const reply = replies.get(r.id);
    return {
      reportId: r.id,
      eventId: r.event_id,
      subjectRef: r.subject_ref,
      message: openMessage(ctx.sealer, r),
      messageSha256: r.message_sha256 ?? sha256(r.message ?? ''),
      createdAt: r.created_at.toISOString(),
      reply: reply ? { text: openReply(ctx.sealer, reply), at: reply.created_at.toISOString(), author: reply.author } : null,
    };
  });
}

/**
 * The auditor's conclusion written for the citizen (a new version replaces the one shown),
 * sealed at rest; the `citizen.report` event carries its digest (detail `action: 'replied'`,
 * without `exchangeId`, so the audit rule does not read it as a new report).
 */
export async function replyToReport(
  ctx: ReportContext,
  o: { auditCaseId: string; reportId: string; reply: unknown; author: ConsentActor },
): Promise<{ version: number }> {
  const text = typeof o.reply === 'string' ? o.reply.trim() : '';
  if (!text || text.length > MAX_REPLY)
    throw new ProblemError('client.validation_failed', {
      detail: `Réponse de 1 à ${MAX_REPLY} caractères.`,
      errors: [{ pointer: '/reply', detail: `1 à ${MAX_REPLY} caractères` }],
    });
  if (!isUuid(o.reportId) || !isUuid(o.auditCaseId)) throw new ProblemError('client.not_found', { detail: 'Signalement introuvable.' });
  return inTransaction(ctx.pool, async (client) => {
    const report = await findCitizenReportById(client, o.reportId);
    if (!report || report.audit_case_id !== o.auditCaseId)
      throw new ProblemError('client.not_found', { detail: 'Signalement introuvable pour ce cas.' });
    const [latest] = await listLatestRepliesByReportIds(client, [report.id]);
    const version = (latest?.version ?? 0) + 1;
    const now = ctx.clock.now();
    const row: ReportReplyRow = {
      report_id: report.id,
      version,
      reply_sealed: ctx.sealer.seal(replyKid(report.id, version), text),
      reply_sha256: sha256(text),
      author: o.author,
      created_at: now,
    };
    await insertReportReply(client, row);
    await ctx.recordConsentEvent({
      id: randomUUID(),
      type: 'citizen.report',
      occurredAt: now,
      actor: o.author,
      subjectRef: report.subject_ref,
      subjectKind: 'person',
      detail: { action: 'replied', caseId: report.id, auditCaseId: o.auditCaseId, version, replySha256: row.reply_sha256 },
    });
    return { version };
  });
}
