/**
 * The auditors' operations over the domains, shared by REST, GraphQL and the web console.
 * Each one reads, then records the auditor's action in the ledger (awaited), then returns:
 * nothing reaches an auditor without its `audit.read` event (docs/architecture.md, invariant 6).
 */
import {
  buildRegister,
  changeCaseStatus,
  findContractForReview,
  getCase,
  listAuditorActions,
  listCases,
  listContractsForReview,
  registerCsv,
  listDelegationFacts,
  type DelegationFacts,
  type AuditCase,
  type CaseDetail,
  type ContractReviewItem,
  type ContractReviewQuery,
  type ContractUsage,
  type RegisterEntry,
  type EvaluatorLag,
  type RuleEvaluator,
  type AuditorAction,
} from '../../audit/index.js';
import { getContract, getContractArtefact, listContractEvents, type ContractEvent, type ContractView } from '../../contracts/index.js';
import {
  buildEvidence,
  findEventById,
  verifyLedger,
  type CommittedEvent,
  type EvidenceBundle,
  type LedgerPublicKey,
  type VerifyReport,
} from '../../ledger/index.js';
import { readCaseReports, type CaseReport } from '../../consent/index.js';
import { ProblemError, createKeySealer } from '../../schemas/index.js';
import { formatExportDateTime } from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import type { Principal } from '../../schemas/index.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { ContractsServices } from './contracts-context.js';
import type { LedgerTrustSettings } from '../process/ledger-trust.js';
import { publishedLedgerKeys } from './ledger-keys.js';

/** A case as its auditors read it: with the messages of the people whose reports it instructs. */
export type CaseWithReports = CaseDetail & { reports: Omit<CaseReport, 'subjectRef'>[] };

export interface ContractFile {
  contract: ContractView;
  review: ContractReviewItem & { usage: ContractUsage };
  history: ContractEvent[];
  artefacts: { version: number; jws: string }[];
  cases: AuditCase[];
}

function pageLimit(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new ProblemError('client.invalid_parameter', {
      detail: 'limit doit être un entier entre 1 et 500.',
      errors: [{ pointer: '/limit', detail: 'entier 1..500' }],
    });
  return n;
}

function isoInstant(v: unknown, name: string): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new ProblemError('client.invalid_parameter', {
      detail: `${name} doit être une date ISO 8601.`,
      errors: [{ pointer: `/${name}`, detail: 'date ISO 8601 attendue' }],
    });
  return d;
}

/** The auditors' operations of a process (built once by gateway/compose.ts). */
export function auditService(
  deps: AppDeps,
  services: {
    recorder: AuditRecorder;
    contracts: Pick<ContractsServices, 'ctx'>;
    evaluator: Pick<RuleEvaluator, 'lag'>;
    ledgerTrust?: LedgerTrustSettings;
  },
) {
  const rt = services.recorder;
  const { ctx } = services.contracts;
  // Citizens' report messages are sealed at rest with this purpose (consent/reports.ts); auditors read them opened.
  const reports = { pool: deps.pool, sealer: createKeySealer(deps.config.KEY_ENCRYPTION_SECRET, 'report-messages') };
  return {
    async searchContracts(p: Principal, query: ContractReviewQuery, page: { cursor?: string; limit?: unknown }) {
      const out = await listContractsForReview(deps.pool, query, {
        now: deps.clock.now(),
        cursor: page.cursor ?? null,
        limit: pageLimit(page.limit),
      });
      await rt.record(p, { action: 'contracts.search', query: { ...query }, result: { count: out.items.length } });
      return out;
    },

    async contractFile(p: Principal, id: string): Promise<ContractFile> {
      const contract = await getContract(ctx, p, id);
      const [review, history, cases] = await Promise.all([
        findContractForReview(deps.pool, id, { now: deps.clock.now() }),
        listContractEvents(ctx, p, id),
        listCases(deps.pool, { contractId: id }, { limit: 200 }),
      ]);
      const artefacts: { version: number; jws: string }[] = [];
      for (const v of contract.versions) if (v.granted) artefacts.push(await getContractArtefact(ctx, p, id, v.version));
      const { form: _form, ...rest } = review;
      await rt.record(p, { action: 'contract.read', target: id, contractId: id });
      return { contract, review: rest, history, artefacts, cases: cases.items };
    },

    /** Every delegation to an editor (docs/architecture.md, "Delegations"), newest first; the read is recorded. */
    async listDelegations(p: Principal): Promise<DelegationFacts[]> {
      const items = await listDelegationFacts(deps.pool, 500);
      await rt.record(p, { action: 'delegations.read', result: { count: items.length } });
      return items;
    },

    async exportRegister(
      p: Principal,
      query: ContractReviewQuery,
      format: 'csv' | 'json',
    ): Promise<{ entries: RegisterEntry[]; csv: string | null }> {
      const entries = await buildRegister(deps.pool, query);
      const csv = format === 'csv' ? registerCsv(entries, { dateTime: formatExportDateTime }) : null;
      await rt.record(p, { action: 'register.export', target: format, query: { ...query }, result: { rows: entries.length } });
      return { entries, csv };
    },

    async searchCases(
      p: Principal,
      filter: { status?: string; kind?: string; contract?: string; consumer?: string },
      page: { cursor?: string; limit?: unknown },
    ) {
      const out = await listCases(
        deps.pool,
        { status: filter.status as never, kind: filter.kind, contractId: filter.contract, consumerSiret: filter.consumer },
        { cursor: page.cursor, limit: pageLimit(page.limit) },
      );
      await rt.record(p, { action: 'cases.search', query: { ...filter }, result: { count: out.items.length } });
      return out;
    },

    /** One case, with the citizens' reports it instructs (linked, or on the exchange a report case is about). */
    async readCase(p: Principal, id: string): Promise<CaseWithReports> {
      const c = await getCase(deps.pool, id);
      const filed = await readCaseReports(reports, id, { reportedExchangeIds: c.kind === 'citizen_report' ? c.evidence : [] });
      await rt.record(p, { action: 'case.read', target: id, contractId: c.contractId ?? undefined, result: { reports: filed.length } });
      // The person stays a pseudonym on the auditor's side too: no subject_ref in the answer.
      return { ...c, reports: filed.map(({ subjectRef: _ref, ...r }) => r) };
    },

    async changeCase(p: Principal, id: string, body: { status?: unknown; conclusion?: unknown; note?: unknown }): Promise<CaseDetail> {
      const updated = await changeCaseStatus(
        deps.pool,
        { sub: p.sub, name: p.name },
        id,
        { status: body.status, conclusion: body.conclusion, note: body.note },
        deps.clock,
      );
      await rt.record(p, {
        action: 'case.transition',
        target: id,
        contractId: updated.contractId ?? undefined,
        result: { status: updated.status },
      });
      return getCase(deps.pool, id);
    },

    async verify(
      p: Principal,
      range: { from?: unknown; to?: unknown },
    ): Promise<VerifyReport & { from: string | null; to: string | null }> {
      const from = isoInstant(range.from, 'from');
      const to = isoInstant(range.to, 'to');
      if (from && to && from > to)
        throw new ProblemError('client.invalid_parameter', {
          detail: 'from doit précéder to.',
          errors: [{ pointer: '/from', detail: 'après to' }],
        });
      // Against the pinned keys and the witnesses, never only against the database's own keys (when configured).
      const trust = services.ledgerTrust;
      const report = await verifyLedger(deps.pool, {
        from,
        to,
        pinnedKeys: trust?.pinned,
        witnesses: trust?.witnesses,
        quorum: trust?.quorum,
      });
      await rt.record(p, {
        action: 'ledger.verify',
        query: { from: range.from, to: range.to },
        result: { ok: report.ok, events: report.events, checkpoints: report.checkpoints, breaks: report.breakCount },
      });
      return { ...report, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
    },

    /** The published checkpoint keys (public: not recorded). */
    ledgerKeys(): Promise<LedgerPublicKey[]> {
      return publishedLedgerKeys(deps.pool, services.ledgerTrust?.pinned);
    },

    async readEvent(p: Principal, id: string): Promise<CommittedEvent> {
      const e = await findEventById(deps.pool, id);
      if (!e) throw new ProblemError('client.not_found', { detail: 'Aucun événement avec cet identifiant.' });
      await rt.record(p, { action: 'event.read', target: e.id });
      return e;
    },

    async evidence(p: Principal, id: string): Promise<EvidenceBundle> {
      const bundle = await buildEvidence(deps.pool, id);
      await rt.record(p, { action: 'evidence.download', target: bundle.eventId, contractId: bundle.segment[0]?.contract_id ?? undefined });
      return bundle;
    },

    async myActions(
      p: Principal,
      page: { cursor?: string; limit?: unknown },
    ): Promise<{ items: AuditorAction[]; nextCursor: string | null }> {
      // Recorded first, so the consultation itself is listed: the list is the ledger's, complete.
      await rt.record(p, { action: 'actions.read' });
      return listAuditorActions(deps.pool, p.sub, { cursor: page.cursor, limit: pageLimit(page.limit) });
    },

    async evaluatorLag(p: Principal): Promise<EvaluatorLag> {
      const lag = await services.evaluator.lag();
      await rt.record(p, { action: 'evaluator.read', result: { behindEvents: lag.behindEvents, behindMs: lag.behindMs } });
      return lag;
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
