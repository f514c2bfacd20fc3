/**
 * "Signaler un accès suspect": checks the exchange is about the citizen, files the report
 * (consent domain: report row + `citizen.report` ledger event), then opens the auditors' case
 * at once with the audit domain's `openCase` — kind `citizen_report`, dedup key
 * `exchange:<id>` (the same the audit rule uses when it reads the ledger event, so the two
 * paths meet in one case). If opening the case fails, the ledger event still brings the
 * report to the auditors (audit evaluator); the citizen sees « en attente d’examen ».
 */
import { findEventById } from '../../../ledger/index.js';
import { getCase, openCase, type CaseStatus } from '../../../audit/index.js';
import { ProblemError } from '../../../schemas/index.js';
import { linkReportToCase, listMyReports, reportExchange, type CitizenReport } from '../../../consent/index.js';
import type { AppDeps } from '../../deps.js';
import type { Principal } from '../../../schemas/index.js';
import { citizenActor, subjectRefsOf } from './citizen.js';
import type { ConsentServices } from './consent-context.js';
import { EXCHANGE_TYPES } from './trail-types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A report as its author sees it: the audit case's status, never the auditors' notes. */
export interface ReportView {
  id: string;
  eventId: string;
  message: string;
  createdAt: string;
  status: CaseStatus;
}

async function statusOf(deps: AppDeps, r: CitizenReport): Promise<CaseStatus> {
  if (!r.auditCaseId) return 'open';
  return getCase(deps.pool, r.auditCaseId).then(
    (c) => c.status,
    () => 'open' as const,
  );
}

export async function toReportView(deps: AppDeps, r: CitizenReport): Promise<ReportView> {
  return { id: r.id, eventId: r.eventId, message: r.message, createdAt: r.createdAt, status: await statusOf(deps, r) };
}

/** The citizen's reports with their status (newest first). */
export async function listMyReportViews(deps: AppDeps, subjectRefs: string[]): Promise<ReportView[]> {
  return Promise.all((await listMyReports(deps, subjectRefs)).map((r) => toReportView(deps, r)));
}

/** Another person's exchange, an unknown id and a non-exchange event all answer `client.not_found`. */
export async function reportMyExchange(
  deps: AppDeps,
  consent: Pick<ConsentServices, 'ctx'>,
  p: Principal,
  exchangeId: string,
  message: unknown,
): Promise<{ report: ReportView; created: boolean }> {
  const refs = subjectRefsOf(p);
  const ev = await findEventById(deps.pool, exchangeId);
  if (!ev || !ev.subject_ref || !refs.includes(ev.subject_ref) || !(EXCHANGE_TYPES as readonly string[]).includes(ev.type)) {
    throw new ProblemError('client.not_found', { detail: 'Échange introuvable dans votre historique.' });
  }
  const rt = consent;
  const filed = await reportExchange(rt.ctx, {
    event: {
      id: ev.id,
      subjectRef: ev.subject_ref,
      subjectKind: ev.subject_kind ?? 'person',
      consumerSiret: ev.consumer_siret,
      apiSlug: ev.api_slug,
    },
    message,
    actor: citizenActor(p),
  });
  let report = filed.report;
  if (!report.auditCaseId) {
    try {
      const opened = await openCase(
        deps.pool,
        {
          kind: 'citizen_report',
          source: 'citizen',
          dedupKey: `exchange:${ev.id}`,
          evidence: [ev.id, ...(filed.ledgerEventId ? [filed.ledgerEventId] : [])],
          ...(ev.contract_id && UUID.test(ev.contract_id) ? { contractId: ev.contract_id } : {}),
          ...(ev.consumer_siret ? { consumerSiret: ev.consumer_siret } : {}),
          ...(ev.producer_siret ? { producerSiret: ev.producer_siret } : {}),
          ...(ev.api_slug ? { apiSlug: ev.api_slug } : {}),
          summary: `Un usager signale comme suspect l’échange ${ev.id}${ev.api_slug ? ` (API ${ev.api_slug})` : ''}.`,
        },
        deps.clock,
      );
      await linkReportToCase(rt.ctx, report.id, opened.case.id);
      report = { ...report, auditCaseId: opened.case.id };
    } catch (err) {
      deps.logger.warn({ err, exchangeId: ev.id }, 'citizen report: audit case not opened now (the audit evaluator will)');
    }
  }
  return { report: await toReportView(deps, report), created: filed.created };
}
