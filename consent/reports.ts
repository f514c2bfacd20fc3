/**
 * Citizens' reports of a suspicious access (issue 7, "Signaler un accès suspect"). The gateway
 * checks first that the exchange is about the citizen (it reads the ledger). The report is
 * filed once per (subject, exchange) — a second report returns the first — and a
 * `citizen.report` event (detail `{ caseId: <report id>, exchangeId }`) is appended to the
 * ledger in the same transaction; the audit domain turns it into a case for the auditors
 * (the gateway also opens it at once, and links it with `linkReportToCase`).
 */
import { randomUUID } from 'node:crypto';
import { ProblemError } from '../schemas/index.js';
import { findCitizenReportBySubjectRefAndEventId, insertCitizenReport, listCitizenReportsBySubjectRefs, updateCitizenReportCaseById, type CitizenReportRow } from './store/reports.js';
import { inTransaction } from './transaction.js';
import type { CitizenReport, ConsentActor, ConsentContext, SubjectKind } from './types.js';

const MAX_MESSAGE = 2000;

function toReport(r: CitizenReportRow): CitizenReport {
  return { id: r.id, subjectRef: r.subject_ref, eventId: r.event_id, message: r.message, auditCaseId: r.audit_case_id, createdAt: r.created_at.toISOString() };
}

/** Files a report on an exchange already checked to be about `event.subjectRef`. */
export async function reportExchange(ctx: ConsentContext, o: { event: { id: string; subjectRef: string; subjectKind: SubjectKind; consumerSiret?: string | null; apiSlug?: string | null }; message: unknown; actor: ConsentActor }): Promise<{ report: CitizenReport; created: boolean; ledgerEventId: string | null }> {
  const message = typeof o.message === 'string' ? o.message.trim() : o.message === undefined ? '' : null;
  if (message === null || message.length > MAX_MESSAGE) {
    throw new ProblemError('client.validation_failed', { detail: `Message de ${MAX_MESSAGE} caractères au plus.`, errors: [{ pointer: '/message', detail: `${MAX_MESSAGE} caractères au plus` }] });
  }
  return inTransaction(ctx.pool, async (client) => {
    const now = ctx.clock.now();
    const row: CitizenReportRow = { id: randomUUID(), subject_ref: o.event.subjectRef, event_id: o.event.id, message, audit_case_id: null, created_at: now };
    if (!(await insertCitizenReport(client, row))) {
      const existing = await findCitizenReportBySubjectRefAndEventId(client, o.event.subjectRef, o.event.id);
      return { report: toReport(existing!), created: false, ledgerEventId: null };
    }
    const ledgerEventId = randomUUID();
    await ctx.recordConsentEvent({
      id: ledgerEventId, type: 'citizen.report', occurredAt: now, actor: o.actor, subjectRef: o.event.subjectRef, subjectKind: o.event.subjectKind,
      ...(o.event.consumerSiret ? { consumerSiret: o.event.consumerSiret } : {}), ...(o.event.apiSlug ? { apiSlug: o.event.apiSlug } : {}),
      detail: { caseId: row.id, exchangeId: o.event.id },
    });
    return { report: toReport(row), created: true, ledgerEventId };
  });
}

/** Records the audit case instructing a report. */
export async function linkReportToCase(ctx: Pick<ConsentContext, 'pool'>, reportId: string, auditCaseId: string): Promise<void> {
  await updateCitizenReportCaseById(ctx.pool, reportId, auditCaseId);
}

/** A citizen's reports, newest first. */
export async function listMyReports(ctx: Pick<ConsentContext, 'pool'>, subjectRefs: string[], limit = 1000): Promise<CitizenReport[]> {
  if (subjectRefs.length === 0) return [];
  return (await listCitizenReportsBySubjectRefs(ctx.pool, subjectRefs, limit)).map(toReport);
}
