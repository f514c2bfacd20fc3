import type pg from 'pg';
import { ProblemError, isValidSiret } from '../schemas/index.js';
import { fieldCovers, listScopes } from '../catalog/index.js';
import {
  listContractsByReviewFilter,
  findReviewRowById,
  listUsageByContracts,
  listDailyUsageByContract,
  type ReviewFilter,
  type ReviewRow,
  type DayUsageRow,
} from './store/review.js';
import { listFieldsServedByContract } from './store/ledger.js';
import type { Queryable } from './types.js';

const DAY = 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SENSITIVITIES = ['standard', 'sensitive', 'highly_sensitive'];
const STATUSES = ['pending', 'refused', 'active', 'suspended', 'revoked', 'expired'];
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Filters of the contract review (query parameters, all optional). */
export interface ContractReviewQuery {
  producer?: string;
  consumer?: string;
  api?: string;
  sensitivity?: string;
  status?: string;
  /** YYYY-MM-DD: contracts whose validity ends on or before this day. */
  expiresBefore?: string;
}

export interface ContractUsageSummary {
  since: string;
  calls: number;
  served: number;
  distinctSubjects: number;
  lastCall: string | null;
}

export interface ContractReviewItem {
  id: string;
  status: string;
  consumerSiret: string;
  producerSiret: string;
  apiSlug: string;
  apiTitle: string | null;
  sensitivity: string | null;
  currentVersion: number | null;
  purpose: string | null;
  validFrom: string | null;
  validUntil: string | null;
  scopesGranted: string[];
  usage: ContractUsageSummary;
}

function invalid(pointer: string, detail: string): ProblemError {
  return new ProblemError('client.invalid_parameter', { detail: `Filtre invalide : ${pointer.slice(1)}.`, errors: [{ pointer, detail }] });
}

/** Checks the filters (untrusted query parameters) and turns them into the store's filter. */
export function parseReviewQuery(q: ContractReviewQuery): ReviewFilter {
  for (const k of ['producer', 'consumer'] as const)
    if (q[k] !== undefined && !isValidSiret(q[k]!)) throw invalid(`/${k}`, 'SIRET invalide');
  if (q.api !== undefined && !SLUG.test(q.api)) throw invalid('/api', 'identifiant d’API invalide');
  if (q.sensitivity !== undefined && !SENSITIVITIES.includes(q.sensitivity)) throw invalid('/sensitivity', SENSITIVITIES.join(', '));
  if (q.status !== undefined && !STATUSES.includes(q.status)) throw invalid('/status', STATUSES.join(', '));
  let expiresBefore: Date | null = null;
  if (q.expiresBefore !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(q.expiresBefore) || Number.isNaN(Date.parse(`${q.expiresBefore}T23:59:59.999Z`)))
      throw invalid('/expiresBefore', 'date AAAA-MM-JJ attendue');
    expiresBefore = new Date(`${q.expiresBefore}T23:59:59.999Z`);
  }
  return {
    producerSiret: q.producer ?? null,
    consumerSiret: q.consumer ?? null,
    apiSlug: q.api ?? null,
    sensitivity: q.sensitivity ?? null,
    status: q.status ?? null,
    expiresBefore,
  };
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function toItem(r: ReviewRow, usage: ContractUsageSummary): ContractReviewItem {
  const granted = r.granted as { scopes?: string[]; purpose?: string } | null;
  return {
    id: r.id,
    status: r.status,
    consumerSiret: r.consumer_siret,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    apiTitle: r.api_title,
    sensitivity: r.sensitivity,
    currentVersion: r.current_version,
    purpose: granted?.purpose ?? (r.form?.purpose as string | undefined) ?? null,
    validFrom: iso(r.valid_from),
    validUntil: iso(r.valid_until),
    scopesGranted: granted?.scopes ?? [],
    usage,
  };
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string];
    if (Number.isSafeInteger(at) && UUID.test(id)) return { at: new Date(at), id };
  } catch {
    /* falls through */
  }
  throw invalid('/cursor', 'curseur invalide');
}

/**
 * Contracts under review with their usage over the last `usageDays` days (calls, distinct
 * subjects, last call); filters by producer, consumer, API, sensitivity, status and expiry.
 */
export async function listContractsForReview(
  pool: Queryable,
  query: ContractReviewQuery,
  page: { now: Date; cursor?: string | null; limit?: number; usageDays?: number },
): Promise<{ items: ContractReviewItem[]; nextCursor: string | null }> {
  const filter = parseReviewQuery(query);
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const rows = await listContractsByReviewFilter(pool, filter, page.cursor ? decodeCursor(page.cursor) : null, limit + 1);
  const shown = rows.slice(0, limit);
  const since = new Date(page.now.getTime() - (page.usageDays ?? 90) * DAY);
  const usage = await listUsageByContracts(
    pool,
    shown.map((r) => r.consumer_siret),
    shown.map((r) => r.id),
    since,
  );
  const items = shown.map((r) => {
    const u = usage.find((x) => x.contractId === r.id);
    return toItem(r, {
      since: since.toISOString(),
      calls: u?.calls ?? 0,
      served: u?.served ?? 0,
      distinctSubjects: u?.distinctSubjects ?? 0,
      lastCall: iso(u?.lastCall ?? null),
    });
  });
  const last = shown[shown.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? Buffer.from(JSON.stringify([last.created_at.getTime(), last.id])).toString('base64url') : null,
  };
}

export interface ContractUsage extends ContractUsageSummary {
  days: DayUsageRow[];
  /** Every granted scope, and whether its fields were delivered in the period. */
  scopes: { name: string; label: string; used: boolean }[];
}

/** Usage of one contract over `days` days: calls per day, distinct subjects, scopes used vs granted, last call. */
export async function contractUsage(
  pool: pg.Pool,
  contract: { id: string; consumerSiret: string; apiSlug: string; scopesGranted: string[] },
  opts: { now: Date; days?: number },
): Promise<ContractUsage> {
  const since = new Date(opts.now.getTime() - (opts.days ?? 90) * DAY);
  const [[total], days, fields, defined] = await Promise.all([
    listUsageByContracts(pool, [contract.consumerSiret], [contract.id], since),
    listDailyUsageByContract(pool, contract.consumerSiret, contract.id, since),
    listFieldsServedByContract(pool, contract.consumerSiret, contract.id, since),
    listScopes(pool, contract.apiSlug).catch(() => []),
  ]);
  const scopes = contract.scopesGranted.map((name) => {
    const s = defined.find((d) => d.name === name);
    return { name, label: s?.label ?? name, used: !!s && s.pointers.some((p) => fields.some((f) => fieldCovers(p, f))) };
  });
  return {
    since: since.toISOString(),
    calls: total?.calls ?? 0,
    served: total?.served ?? 0,
    distinctSubjects: total?.distinctSubjects ?? 0,
    lastCall: iso(total?.lastCall ?? null),
    days,
    scopes,
  };
}

/** One contract's review row (terms in force, sensitivity) with its usage, or `client.not_found`. */
export async function findContractForReview(
  pool: pg.Pool,
  contractId: string,
  opts: { now: Date; days?: number },
): Promise<ContractReviewItem & { usage: ContractUsage; form: Record<string, unknown> | null }> {
  if (!UUID.test(contractId)) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  const r = await findReviewRowById(pool, contractId);
  if (!r) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  const base = toItem(r, { since: '', calls: 0, served: 0, distinctSubjects: 0, lastCall: null });
  const usage = await contractUsage(
    pool,
    { id: r.id, consumerSiret: r.consumer_siret, apiSlug: r.api_slug, scopesGranted: base.scopesGranted },
    opts,
  );
  return { ...base, usage, form: r.form };
}
