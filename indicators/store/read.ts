import type { Queryable } from '../types.js';
import type { CategoryCounts } from './rollup.js';

export interface MonthlyRow extends CategoryCounts {
  /** YYYY-MM. */
  month: string;
  producerSiret: string;
  apiSlug: string;
  latencyHist: number[];
}

const COUNTS = 'delivered, not_found, timeout, provider_failure, platform_failure, client_mistake, refused';

type CountRow = { [K in keyof CategoryCounts]: string };

function counts(r: CountRow): CategoryCounts {
  return {
    delivered: Number(r.delivered),
    not_found: Number(r.not_found),
    timeout: Number(r.timeout),
    provider_failure: Number(r.provider_failure),
    platform_failure: Number(r.platform_failure),
    client_mistake: Number(r.client_mistake),
    refused: Number(r.refused),
  };
}

/** The rolled-up rows of the months in `[from, to)` (optionally one producer's). */
export async function listMonthlyRowsByPeriod(db: Queryable, from: Date, to: Date, producerSiret?: string): Promise<MonthlyRow[]> {
  const { rows } = await db.query<CountRow & { month: string; producer_siret: string; api_slug: string; latency_hist: string[] }>(
    `SELECT to_char(month, 'YYYY-MM') AS month, producer_siret, api_slug, ${COUNTS}, latency_hist
     FROM indicator_monthly WHERE month >= $1 AND month < $2 AND ($3::text IS NULL OR producer_siret = $3)
     ORDER BY month, producer_siret, api_slug`,
    [from, to, producerSiret ?? null],
  );
  return rows.map((r) => ({
    month: r.month,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    ...counts(r),
    latencyHist: r.latency_hist.map(Number),
  }));
}

/** Distinct consumers per grouping: `month` null for the whole period, `producerSiret`/`apiSlug` null for "all". */
export interface ConsumerCountRow {
  month: string | null;
  producerSiret: string | null;
  apiSlug: string | null;
  consumers: number;
}

/**
 * Distinct consumers with at least one exchange, per month and over the period, overall, per
 * producer and per API. Each level deduplicates first (hash aggregates) and then counts, which
 * costs a fraction of `count(DISTINCT)` under grouping sets.
 */
export async function countDistinctConsumersByPeriod(db: Queryable, from: Date, to: Date): Promise<ConsumerCountRow[]> {
  const { rows } = await db.query<{ month: string | null; producer_siret: string | null; api_slug: string | null; n: number }>(
    `WITH c AS (SELECT month, producer_siret, api_slug, consumer_siret FROM indicator_monthly_consumers WHERE month >= $1 AND month < $2)
     SELECT to_char(month, 'YYYY-MM') AS month, producer_siret, api_slug, count(*)::int AS n FROM c GROUP BY 1, 2, 3
     UNION ALL SELECT to_char(month, 'YYYY-MM'), producer_siret, NULL, count(*)::int FROM (SELECT DISTINCT month, producer_siret, consumer_siret FROM c) x GROUP BY 1, 2
     UNION ALL SELECT to_char(month, 'YYYY-MM'), NULL, NULL, count(*)::int FROM (SELECT DISTINCT month, consumer_siret FROM c) x GROUP BY 1
     UNION ALL SELECT NULL, producer_siret, api_slug, count(*)::int FROM (SELECT DISTINCT producer_siret, api_slug, consumer_siret FROM c) x GROUP BY 2, 3
     UNION ALL SELECT NULL, producer_siret, NULL, count(*)::int FROM (SELECT DISTINCT producer_siret, consumer_siret FROM c) x GROUP BY 2
     UNION ALL SELECT NULL, NULL, NULL, count(DISTINCT consumer_siret)::int FROM c`,
    [from, to],
  );
  return rows.map((r) => ({ month: r.month, producerSiret: r.producer_siret, apiSlug: r.api_slug, consumers: r.n }));
}

export interface ConsumerMonthRow extends CategoryCounts {
  apiSlug: string;
  consumerSiret: string;
  consumerName: string | null;
}

/** One producer's exchanges of one month per API and consumer (the producer's monthly report). */
export async function listConsumerRowsByProducerMonth(db: Queryable, producerSiret: string, month: Date): Promise<ConsumerMonthRow[]> {
  const { rows } = await db.query<CountRow & { api_slug: string; consumer_siret: string; consumer_name: string | null }>(
    `SELECT c.api_slug, c.consumer_siret, o.name AS consumer_name, ${COUNTS.split(', ')
      .map((x) => `c.${x}`)
      .join(', ')}
     FROM indicator_monthly_consumers c LEFT JOIN organisations o ON o.siret = c.consumer_siret
     WHERE c.producer_siret = $1 AND c.month = $2 ORDER BY c.api_slug, c.consumer_siret`,
    [producerSiret, month],
  );
  return rows.map((r) => ({ apiSlug: r.api_slug, consumerSiret: r.consumer_siret, consumerName: r.consumer_name, ...counts(r) }));
}

/** Active contracts per producer and API, per producer (apiSlug null) and overall (both null). */
export async function countActiveContracts(db: Queryable): Promise<{ producerSiret: string | null; apiSlug: string | null; n: number }[]> {
  const { rows } = await db.query<{ producer_siret: string | null; api_slug: string | null; n: number }>(
    `SELECT producer_siret, api_slug, count(*)::int AS n FROM contracts WHERE status = 'active'
     GROUP BY GROUPING SETS ((producer_siret, api_slug), (producer_siret), ())`,
  );
  return rows.map((r) => ({ producerSiret: r.producer_siret, apiSlug: r.api_slug, n: r.n }));
}

/** Active delegations to software editors; null where this database has no delegations table yet. */
export async function countActiveDelegations(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('delegations') IS NOT NULL AS present`);
  if (!rows[0]?.present) return null;
  const { rows: n } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delegations WHERE status = 'active'`);
  return n[0]?.n ?? 0;
}

/** Display names of some organisations (acronym first) and titles of some APIs. */
export async function findNames(
  db: Queryable,
  sirets: string[],
  slugs: string[],
): Promise<{ organisations: Map<string, string>; apis: Map<string, string> }> {
  const [o, a] = await Promise.all([
    db.query<{ siret: string; name: string }>(
      'SELECT siret, coalesce(acronym, name) AS name FROM organisations WHERE siret = ANY ($1::text[])',
      [sirets],
    ),
    db.query<{ slug: string; title: string }>('SELECT slug, title FROM catalog_apis WHERE slug = ANY ($1::text[])', [slugs]),
  ]);
  return { organisations: new Map(o.rows.map((r) => [r.siret, r.name])), apis: new Map(a.rows.map((r) => [r.slug, r.title])) };
}

/** Cases opened in `[from, to)` about one producer's APIs, per API. */
export async function countCasesOpenedByProducer(db: Queryable, producerSiret: string, from: Date, to: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ api_slug: string | null; n: number }>(
    `SELECT api_slug, count(*)::int AS n FROM audit_cases WHERE producer_siret = $1 AND opened_at >= $2 AND opened_at < $3 GROUP BY api_slug`,
    [producerSiret, from, to],
  );
  return new Map(rows.map((r) => [r.api_slug ?? '', r.n]));
}
