/**
 * Cases for the auditors (issue 7, "Signaler un accès suspect"): a citizen reports one exchange
 * of their trail. The gateway checks first that the exchange is about the citizen (it reads
 * the ledger); here the case is filed once per (subject, exchange) — a second report returns
 * the same case — and a `citizen.report` event is appended to the ledger in the same
 * transaction. The audit console instructs cases (`listOpenCases`, `setCaseStatus`).
 */
import { randomUUID } from 'node:crypto';
import { ProblemError } from '../schemas/index.js';
import { findCaseBySubjectRefAndEventId, insertCase, listCasesBySubjectRefs, listCasesByStatus, updateCaseStatusById } from './store/cases.js';
import { toCase } from './map.js';
import { inTransaction, isUuid } from './transaction.js';
import type { Case, CaseStatus, ConsentActor, ConsentContext, SubjectKind } from './types.js';

const MAX_MESSAGE = 2000;

/** Files a report on an exchange already checked to be about `event.subjectRef`. */
export async function reportExchange(ctx: ConsentContext, o: { event: { id: string; subjectRef: string; subjectKind: SubjectKind; consumerSiret?: string | null; apiSlug?: string | null }; message: unknown; actor: ConsentActor }): Promise<{ case: Case; created: boolean }> {
  const message = typeof o.message === 'string' ? o.message.trim() : o.message === undefined ? '' : null;
  if (message === null || message.length > MAX_MESSAGE) {
    throw new ProblemError('client.validation_failed', { detail: `Message de ${MAX_MESSAGE} caractères au plus.`, errors: [{ pointer: '/message', detail: `${MAX_MESSAGE} caractères au plus` }] });
  }
  return inTransaction(ctx.pool, async (client) => {
    const now = ctx.clock.now();
    const row = { id: randomUUID(), kind: 'citizen_report' as const, subject_ref: o.event.subjectRef, event_id: o.event.id, message, status: 'open' as const, resolution: null, created_at: now, updated_at: now };
    if (!(await insertCase(client, row))) {
      const existing = await findCaseBySubjectRefAndEventId(client, o.event.subjectRef, o.event.id);
      return { case: toCase(existing!), created: false };
    }
    await ctx.recordConsentEvent({
      id: randomUUID(), type: 'citizen.report', occurredAt: now, actor: o.actor, subjectRef: o.event.subjectRef, subjectKind: o.event.subjectKind,
      ...(o.event.consumerSiret ? { consumerSiret: o.event.consumerSiret } : {}), ...(o.event.apiSlug ? { apiSlug: o.event.apiSlug } : {}),
      detail: { caseId: row.id, exchangeId: o.event.id },
    });
    return { case: toCase(row), created: true };
  });
}

/** A citizen's cases, newest first. */
export async function listMyCases(ctx: Pick<ConsentContext, 'pool'>, subjectRefs: string[], limit = 100): Promise<Case[]> {
  if (subjectRefs.length === 0) return [];
  return (await listCasesBySubjectRefs(ctx.pool, subjectRefs, limit)).map(toCase);
}

/** The auditors' queue: cases in a status, oldest first. */
export async function listCases(ctx: Pick<ConsentContext, 'pool'>, status: CaseStatus = 'open', limit = 100): Promise<Case[]> {
  return (await listCasesByStatus(ctx.pool, status, limit)).map(toCase);
}

/** Moves a case along (audit console); `client.not_found` for an unknown id. */
export async function setCaseStatus(ctx: Pick<ConsentContext, 'pool' | 'clock'>, id: string, status: CaseStatus, resolution: string | null = null): Promise<Case> {
  const row = isUuid(id) ? await updateCaseStatusById(ctx.pool, id, status, resolution, ctx.clock.now()) : null;
  if (!row) throw new ProblemError('client.not_found', { detail: 'Dossier introuvable.' });
  return toCase(row);
}
