import type { Queryable } from '../types.js';

export interface MonthRow {
  month: string;
  exchanges: number;
  served: number;
  denied: number;
  failed: number;
  consumers: number;
  p50: number | null;
  p95: number | null;
}

/**
 * Monthly aggregates of one API's exchanges (UTC months) in `[from, to)`. Reads through the
 * per-producer index. Percentiles over served exchanges only. No subject-level column is read.
 */
export async function listMonthlyStatsByApi(
  db: Queryable,
  producerSiret: string,
  apiSlug: string,
  from: Date,
  to: Date,
): Promise<MonthRow[]> {
  const { rows } = await db.query<{
    month: string;
    exchanges: number;
    served: number;
    denied: number;
    failed: number;
    consumers: number;
    p50: number | null;
    p95: number | null;
  }>(
    `SELECT to_char(date_trunc('month', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS exchanges,
            count(*) FILTER (WHERE outcome = 'served')::int AS served,
            count(*) FILTER (WHERE outcome = 'denied')::int AS denied,
            count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
            count(DISTINCT consumer_siret)::int AS consumers,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'served') AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'served') AS p95
     FROM ledger_events
     WHERE producer_siret = $1 AND api_slug = $2 AND type IN ('exchange.served', 'exchange.denied', 'exchange.failed') AND occurred_at >= $3 AND occurred_at < $4
     GROUP BY 1 ORDER BY 1`,
    [producerSiret, apiSlug, from, to],
  );
  return rows.map((r) => ({
    month: r.month,
    exchanges: r.exchanges,
    served: r.served,
    denied: r.denied,
    failed: r.failed,
    consumers: r.consumers,
    p50: r.p50,
    p95: r.p95,
  }));
}
