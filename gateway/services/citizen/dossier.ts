/**
 * The citizen's dossier beyond the trail, shared by REST and the /moi pages (no express types):
 * what the person may do about each API (by its policy: `rightsUnderPolicy`), objections,
 * reports with their confirmation and the auditors' conclusion, notification choices,
 * representatives, "Mes données". Every function takes the services it needs explicitly and
 * the subject references the request may read (`subjectRefsOf`: the person, or the person
 * they represent in a switched session).
 */
import {
  fileReport,
  linkReportToCase,
  listMyObjections,
  listMyReportViews,
  rightsUnderPolicy,
  type CaseStatusOf,
  type ConsentActor,
  type ConsentContext,
  type Objection,
  type ReportContext,
  type ReportView,
} from '../../../consent/index.js';
import { listApis, listFieldLinks } from '../../../catalog/index.js';
import { findEventById, type CommittedEvent } from '../../../ledger/index.js';
import { ProblemError } from '../../../schemas/index.js';
import type { LabelCache } from './labels.js';
import { EXCHANGE_TYPES } from './trail-types.js';

/** What the person may do about one API about people, and what they did. */
export interface ApiRights {
  apiSlug: string;
  apiTitle: string;
  producerSiret: string;
  producerName: string;
  consentPolicy: 'legal_basis' | 'consent_required';
  proactive: boolean;
  /** Give, suspend or revoke consents (consent_required only). */
  consent: boolean;
  /** « Je m'oppose » (a proactive API, CRPA L114-8 II). */
  objection: boolean;
  /** The person's objection in force on this API, if any. */
  activeObjection: Objection | null;
}

/** Every published API about people, with the person's rights under its policy. */
export async function listMyRights(s: { consent: Pick<ConsentContext, 'pool'>; labels: LabelCache }, refs: string[]): Promise<ApiRights[]> {
  const [apis, objections] = await Promise.all([
    listApis(s.consent.pool, { lifecycles: ['published', 'deprecated'] }),
    listMyObjections(s.consent, refs),
  ]);
  const out: ApiRights[] = [];
  for (const a of apis) {
    if (a.subjectKind !== 'person' || a.consentPolicy === 'none') continue;
    const rights = rightsUnderPolicy({ consentPolicy: a.consentPolicy, proactive: a.proactive });
    out.push({
      apiSlug: a.slug,
      apiTitle: a.title,
      producerSiret: a.producerSiret,
      producerName: (await s.labels.organisation(a.producerSiret)) ?? a.producerSiret,
      consentPolicy: a.consentPolicy,
      proactive: a.proactive,
      ...rights,
      activeObjection: objections.find((o) => o.status === 'active' && o.target.kind === 'api' && o.target.apiSlug === a.slug) ?? null,
    });
  }
  return out;
}

/** The exchange of the person's trail a report is about; anything else answers `client.not_found`. */
export async function findMyExchange(pool: ConsentContext['pool'], refs: string[], exchangeId: string): Promise<CommittedEvent> {
  const ev = /^[0-9a-f-]{36}$/.test(exchangeId) ? await findEventById(pool, exchangeId) : null;
  if (!ev || !ev.subject_ref || !refs.includes(ev.subject_ref) || !(EXCHANGE_TYPES as readonly string[]).includes(ev.type)) {
    throw new ProblemError('client.not_found', { detail: 'Échange introuvable dans votre historique.' });
  }
  return ev;
}

/** Opens (or finds) the auditors' case of a report; null when it cannot now (the audit evaluator will, from the ledger event). */
export type OpenReportCase = (ev: CommittedEvent, ledgerEventId: string | null) => Promise<string | null>;

/**
 * Files the person's confirmed report on one of their exchanges (the message sealed, its
 * digest in the ledger) and brings it to the auditors' case at once.
 */
export async function fileMyReport(
  s: { reports: ReportContext; openReportCase: OpenReportCase; caseStatusOf: CaseStatusOf },
  o: { refs: string[]; exchangeId: string; message: unknown; confirmed: unknown; actor: ConsentActor },
): Promise<{ report: ReportView; created: boolean }> {
  const ev = await findMyExchange(s.reports.pool, o.refs, o.exchangeId);
  const filed = await fileReport(s.reports, {
    event: {
      id: ev.id,
      subjectRef: ev.subject_ref!,
      subjectKind: ev.subject_kind ?? 'person',
      consumerSiret: ev.consumer_siret,
      apiSlug: ev.api_slug,
    },
    message: o.message,
    confirmed: o.confirmed,
    actor: o.actor,
  });
  if (!filed.report.auditCaseId) {
    const caseId = await s.openReportCase(ev, filed.ledgerEventId);
    if (caseId) await linkReportToCase(s.reports, filed.report.id, caseId);
  }
  const view = (await listMyReportViews(s.reports, [ev.subject_ref!], s.caseStatusOf)).find((r) => r.id === filed.report.id)!;
  return { report: view, created: filed.created };
}

/** The values a producer answered, as labelled leaves (JSON pointer, data element label, value) — for the person's page only. */
export async function labelledValues(
  pool: ConsentContext['pool'],
  labels: LabelCache,
  apiSlug: string,
  data: unknown,
): Promise<{ pointer: string; label: string; value: string }[]> {
  const links = await listFieldLinks(pool, apiSlug).catch(() => ({}) as Record<string, string>);
  const names = new Map((await labels.dataElements([...new Set(Object.values(links))], null, null)).map((d) => [d.id, d.label]));
  const out: { pointer: string; label: string; value: string }[] = [];
  const walk = (v: unknown, pointer: string) => {
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>))
        walk(child, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      return;
    }
    const generic = pointer.replace(/\/\d+(?=\/|$)/g, '/*');
    const element = links[pointer] ?? links[generic];
    out.push({
      pointer,
      label: (element && names.get(element)) || pointer.split('/').filter(Boolean).join(' › '),
      value: v === null ? '—' : String(v),
    });
  };
  walk(data, '');
  return out;
}
