import type pg from 'pg';
import { stringify } from 'csv-stringify/sync';
import { dataElementsForFields, findOrganisations, listScopes } from '../catalog/index.js';
import { parseReviewQuery, type ContractReviewQuery } from './review.js';
import { listContractsByReviewFilter, type ReviewRow } from './store/review.js';
import { listOpenDelegationFactsByContractIds } from './store/delegations.js';

interface Person {
  name: string | null;
  email: string | null;
  jobTitle: string | null;
}

/** One processing in the register (GDPR art. 30 — one per contract with a validated version). */
export interface RegisterEntry {
  contractId: string;
  status: string;
  version: number;
  api: { slug: string; title: string | null };
  producer: { siret: string; name: string | null };
  consumer: { siret: string; name: string | null };
  purpose: string | null;
  legalBasis: { nature: string; url: string | null } | null;
  dataElements: { id: string; label: string }[];
  scopes: string[];
  recipients: string[];
  /** Software editors acting for the consumer under this contract (delegations pending or active). */
  editors: { siret: string; name: string | null; software: string; status: string }[];
  retentionMonths: number | null;
  controller: Person | null;
  dpo: Person | null;
  validFrom: string | null;
  validUntil: string | null;
  decidedAt: string | null;
  requestedAt: string;
}

function person(v: unknown): Person | null {
  if (!v || typeof v !== 'object') return null;
  const c = v as Record<string, unknown>;
  const name = [c.given_name, c.family_name].filter((x) => typeof x === 'string' && x).join(' ');
  return {
    name: name || null,
    email: typeof c.email === 'string' ? c.email : null,
    jobTitle: typeof c.job_title === 'string' ? c.job_title : null,
  };
}

async function toEntry(pool: pg.Pool, r: ReviewRow, names: Map<string, string>): Promise<Omit<RegisterEntry, 'editors'>> {
  const g = (r.granted ?? {}) as {
    scopes?: string[];
    purpose?: string;
    legal_basis?: { nature: string; url: string | null };
    recipients?: string[];
    retention_months?: number;
  };
  const defined = await listScopes(pool, r.api_slug).catch(() => []);
  const pointers = defined.filter((s) => (g.scopes ?? []).includes(s.name)).flatMap((s) => s.pointers);
  const elements = pointers.length ? await dataElementsForFields(pool, r.api_slug, pointers).catch(() => []) : [];
  return {
    contractId: r.id,
    status: r.status,
    version: r.current_version!,
    api: { slug: r.api_slug, title: r.api_title },
    producer: { siret: r.producer_siret, name: names.get(r.producer_siret) ?? null },
    consumer: { siret: r.consumer_siret, name: names.get(r.consumer_siret) ?? null },
    purpose: g.purpose ?? null,
    legalBasis: g.legal_basis ?? null,
    dataElements: elements.map((e) => ({ id: e.id, label: e.label })),
    scopes: g.scopes ?? [],
    recipients: g.recipients ?? [],
    retentionMonths: g.retention_months ?? null,
    controller: person(r.form?.controller),
    dpo: person(r.form?.dpo),
    validFrom: r.valid_from?.toISOString() ?? null,
    validUntil: r.valid_until?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    requestedAt: r.created_at.toISOString(),
  };
}

/**
 * The register of processing: every contract that has (or had) a validated version, with its
 * purpose, legal basis, data elements, recipients, retention, controller, DPO and dates;
 * the same filters as the contract review.
 */
export async function buildRegister(pool: pg.Pool, query: ContractReviewQuery = {}): Promise<RegisterEntry[]> {
  const filter = parseReviewQuery(query);
  const rows: ReviewRow[] = [];
  let before: { at: Date; id: string } | null = null;
  for (;;) {
    const page = await listContractsByReviewFilter(pool, filter, before, 500);
    rows.push(...page.filter((r) => r.current_version !== null));
    if (page.length < 500) break;
    const last = page[page.length - 1]!;
    before = { at: last.created_at, id: last.id };
  }
  const delegations = await listOpenDelegationFactsByContractIds(
    pool,
    rows.map((r) => r.id),
  );
  const orgs = await findOrganisations(pool, [
    ...new Set([...rows.flatMap((r) => [r.producer_siret, r.consumer_siret]), ...delegations.map((d) => d.editorSiret)]),
  ]);
  const names = new Map(orgs.map((o) => [o.siret, o.name]));
  const out: RegisterEntry[] = [];
  for (const r of rows) {
    const editors = delegations
      .filter((d) => d.contractId === r.id)
      .map((d) => ({ siret: d.editorSiret, name: names.get(d.editorSiret) ?? null, software: d.software, status: d.status }));
    out.push({ ...(await toEntry(pool, r, names)), editors });
  }
  return out;
}

/** How the CSV writes an instant (ISO 8601 UTC unless told, e.g. Paris time for people). */
type DateTimeFormat = (iso: string) => string;

const COLUMNS: [string, (e: RegisterEntry, at: DateTimeFormat) => string | number | null][] = [
  ['contrat', (e) => e.contractId],
  ['version', (e) => e.version],
  ['statut', (e) => e.status],
  ['api', (e) => e.api.slug],
  ['api_titre', (e) => e.api.title],
  ['producteur_siret', (e) => e.producer.siret],
  ['producteur', (e) => e.producer.name],
  ['consommateur_siret', (e) => e.consumer.siret],
  ['consommateur', (e) => e.consumer.name],
  ['finalite', (e) => e.purpose],
  ['base_legale', (e) => e.legalBasis?.nature ?? null],
  ['base_legale_url', (e) => e.legalBasis?.url ?? null],
  ['donnees', (e) => e.dataElements.map((d) => d.id).join(' | ')],
  ['perimetres', (e) => e.scopes.join(' | ')],
  ['destinataires', (e) => e.recipients.join(' | ')],
  ['editeurs_delegataires', (e) => e.editors.map((d) => `${d.siret} ${d.name ?? ''} (${d.software})`).join(' | ')],
  ['conservation_mois', (e) => e.retentionMonths],
  ['responsable_traitement', (e) => e.controller?.name ?? null],
  ['responsable_traitement_courriel', (e) => e.controller?.email ?? null],
  ['dpd', (e) => e.dpo?.name ?? null],
  ['dpd_courriel', (e) => e.dpo?.email ?? null],
  ['debut_validite', (e, at) => e.validFrom && at(e.validFrom)],
  ['fin_validite', (e, at) => e.validUntil && at(e.validUntil)],
  ['date_decision', (e, at) => e.decidedAt && at(e.decidedAt)],
  ['date_demande', (e, at) => e.requestedAt && at(e.requestedAt)],
];

/** OWASP "CSV injection": a cell starting with a formula character is prefixed with a quote. */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The register as CSV (RFC 4180, UTF-8 with BOM for spreadsheets, one row per contract); instants
 * as `dateTime` writes them (ISO 8601 by default).
 */
export function registerCsv(entries: RegisterEntry[], opts: { dateTime?: DateTimeFormat } = {}): string {
  const at = opts.dateTime ?? ((iso: string) => iso);
  return stringify(
    entries.map((e) => COLUMNS.map(([, get]) => get(e, at))),
    {
      bom: true,
      header: true,
      columns: COLUMNS.map(([name]) => name),
      record_delimiter: '\r\n',
      cast: { string: neutralise },
    },
  );
}
