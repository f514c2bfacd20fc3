import type { Queryable } from '../types.js';

export interface ReviewFilter {
  producerSiret: string | null;
  consumerSiret: string | null;
  apiSlug: string | null;
  sensitivity: string | null;
  status: string | null;
  /** valid_until on or before this instant. */
  expiresBefore: Date | null;
}

export interface ReviewRow {
  id: string;
  status: string;
  consumer_siret: string;
  producer_siret: string;
  api_slug: string;
  current_version: number | null;
  api_title: string | null;
  sensitivity: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  decided_at: Date | null;
  granted: Record<string, unknown> | null;
  form: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

const REVIEW_SELECT = `SELECT c.id, c.status, c.consumer_siret, c.producer_siret, c.api_slug, c.current_version, a.title AS api_title, a.sensitivity,
            v.valid_from, v.valid_until, v.decided_at, v.granted,
            coalesce(v.form, (SELECT l.form FROM contract_versions l WHERE l.contract_id = c.id ORDER BY l.version DESC LIMIT 1)) AS form,
            c.created_at, c.updated_at
     FROM contracts c
     LEFT JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
     LEFT JOIN catalog_apis a ON a.slug = c.api_slug`;

/**
 * Contracts with the version in force (terms, dates) and the API's sensitivity, filtered;
 * newest first, keyset on (created_at, id). Reads the contracts and catalogue tables.
 */
export async function listContractsByReviewFilter(
  db: Queryable,
  f: ReviewFilter,
  before: { at: Date; id: string } | null,
  limit: number,
): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow>(
    `${REVIEW_SELECT}
     WHERE ($1::text IS NULL OR c.producer_siret = $1) AND ($2::text IS NULL OR c.consumer_siret = $2) AND ($3::text IS NULL OR c.api_slug = $3)
       AND ($4::text IS NULL OR a.sensitivity = $4) AND ($5::text IS NULL OR c.status = $5) AND ($6::timestamptz IS NULL OR v.valid_until <= $6)
       AND ($7::timestamptz IS NULL OR (c.created_at, c.id) < ($7, $8::uuid))
     ORDER BY c.created_at DESC, c.id DESC LIMIT $9`,
    [f.producerSiret, f.consumerSiret, f.apiSlug, f.sensitivity, f.status, f.expiresBefore, before?.at ?? null, before?.id ?? null, limit],
  );
  return rows;
}

export async function findReviewRowById(db: Queryable, id: string): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(`${REVIEW_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

export interface UsageRow {
  contractId: string;
  calls: number;
  served: number;
  distinctSubjects: number;
  lastCall: Date | null;
}

/** Calls, distinct subjects and last call of each contract since a date (via the per-consumer index). */
export async function listUsageByContracts(db: Queryable, consumers: string[], contractIds: string[], since: Date): Promise<UsageRow[]> {
  if (contractIds.length === 0) return [];
  const { rows } = await db.query<{ contract_id: string; calls: number; served: number; subjects: number; last_call: Date | null }>(
    `SELECT contract_id, count(*)::int AS calls, count(*) FILTER (WHERE outcome = 'served')::int AS served,
            count(DISTINCT subject_ref)::int AS subjects, max(occurred_at) AS last_call
     FROM ledger_events
     WHERE consumer_siret = ANY ($1::text[]) AND contract_id = ANY ($2::text[]) AND type IN ('exchange.served', 'exchange.denied', 'exchange.failed') AND occurred_at >= $3
     GROUP BY contract_id`,
    [[...new Set(consumers)], contractIds, since],
  );
  return rows.map((r) => ({
    contractId: r.contract_id,
    calls: r.calls,
    served: r.served,
    distinctSubjects: r.subjects,
    lastCall: r.last_call,
  }));
}

export interface DayUsageRow {
  day: string;
  calls: number;
  served: number;
  denied: number;
  failed: number;
  distinctSubjects: number;
}

/** Calls per UTC day of one contract since a date. */
export async function listDailyUsageByContract(
  db: Queryable,
  consumerSiret: string,
  contractId: string,
  since: Date,
): Promise<DayUsageRow[]> {
  const { rows } = await db.query<{ day: string; calls: number; served: number; denied: number; failed: number; subjects: number }>(
    `SELECT to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*)::int AS calls,
            count(*) FILTER (WHERE outcome = 'served')::int AS served, count(*) FILTER (WHERE outcome = 'denied')::int AS denied,
            count(*) FILTER (WHERE outcome = 'failed')::int AS failed, count(DISTINCT subject_ref)::int AS subjects
     FROM ledger_events
     WHERE consumer_siret = $1 AND contract_id = $2 AND type IN ('exchange.served', 'exchange.denied', 'exchange.failed') AND occurred_at >= $3
     GROUP BY 1 ORDER BY 1`,
    [consumerSiret, contractId, since],
  );
  return rows.map((r) => ({
    day: r.day,
    calls: r.calls,
    served: r.served,
    denied: r.denied,
    failed: r.failed,
    distinctSubjects: r.subjects,
  }));
}
