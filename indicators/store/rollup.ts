import type { Queryable } from '../types.js';

/** What the rollup reads of a ledger event: no subject, no field, no detail. */
export interface ExchangeFact {
  seq: number;
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  consumerSiret: string | null;
  producerSiret: string | null;
  apiSlug: string | null;
  problemCode: string | null;
  latencyMs: number | null;
}

/** Counts by category of one rollup row (column names of indicator_monthly). */
export interface CategoryCounts {
  delivered: number;
  not_found: number;
  timeout: number;
  provider_failure: number;
  platform_failure: number;
  client_mistake: number;
  refused: number;
}

export interface MonthlyDelta extends CategoryCounts {
  month: string;
  producer_siret: string;
  api_slug: string;
  latency_hist: number[];
}

export interface ConsumerDelta extends CategoryCounts {
  month: string;
  producer_siret: string;
  api_slug: string;
  consumer_siret: string;
}

const COUNT_COLUMNS = ['delivered', 'not_found', 'timeout', 'provider_failure', 'platform_failure', 'client_mistake', 'refused'] as const;
const ADD = COUNT_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
const RECORD = COUNT_COLUMNS.map((c) => `${c} bigint`).join(', ');

/** Creates the position rows of chains the rollup has not seen yet (at seq 0). */
export async function insertMissingIndicatorPositions(db: Queryable): Promise<void> {
  await db.query('INSERT INTO indicator_positions (chain_id) SELECT chain_id FROM ledger_chains ON CONFLICT (chain_id) DO NOTHING');
}

/** Locks a chain's position for this transaction; null when another rollup holds it. */
export async function lockIndicatorPositionByChain(db: Queryable, chainId: string): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('SELECT seq FROM indicator_positions WHERE chain_id = $1 FOR UPDATE SKIP LOCKED', [
    chainId,
  ]);
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function updateIndicatorPositionByChain(
  db: Queryable,
  chainId: string,
  seq: number,
  recordedAt: Date,
  at: Date,
): Promise<void> {
  await db.query('UPDATE indicator_positions SET seq = $2, recorded_at = $3, updated_at = $4 WHERE chain_id = $1', [
    chainId,
    seq,
    recordedAt,
    at,
  ]);
}

export async function listIndicatorPositions(db: Queryable): Promise<{ chainId: string; seq: number }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string }>('SELECT chain_id, seq FROM indicator_positions ORDER BY chain_id');
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq) }));
}

/** Head (last seq) of every chain, from the ledger's primary key. */
export async function listLedgerChainHeads(db: Queryable): Promise<{ chainId: string; seq: number }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string | null }>(
    `SELECT ch.chain_id, (SELECT max(seq) FROM ledger_events e WHERE e.chain_id = ch.chain_id) AS seq FROM ledger_chains ch ORDER BY ch.chain_id`,
  );
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq ?? 0) }));
}

/** When the event at `seq` of a chain was recorded (null when absent). */
export async function findLedgerRecordedAtBySeq(db: Queryable, chainId: string, seq: number): Promise<Date | null> {
  const { rows } = await db.query<{ recorded_at: Date }>('SELECT recorded_at FROM ledger_events WHERE chain_id = $1 AND seq = $2', [
    chainId,
    seq,
  ]);
  return rows[0]?.recorded_at ?? null;
}

/** The next events of a chain after `afterSeq`, in chain order (every type: the position moves past all). */
export async function listExchangeFactsAfterSeq(db: Queryable, chainId: string, afterSeq: number, limit: number): Promise<ExchangeFact[]> {
  const { rows } = await db.query<{
    seq: string;
    type: string;
    occurred_at: Date;
    recorded_at: Date;
    consumer_siret: string | null;
    producer_siret: string | null;
    api_slug: string | null;
    problem_code: string | null;
    latency_ms: number | null;
  }>(
    `SELECT seq, type, occurred_at, recorded_at, consumer_siret, producer_siret, api_slug, problem_code, latency_ms
     FROM ledger_events WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [chainId, afterSeq, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    type: r.type,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    consumerSiret: r.consumer_siret,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    problemCode: r.problem_code,
    latencyMs: r.latency_ms,
  }));
}

/**
 * Adds the deltas of one batch to indicator_monthly (histograms added bucket by bucket). Rows
 * are given in key order, so two rollups of different chains lock shared rows in the same order.
 */
export async function upsertMonthlyDeltas(db: Queryable, deltas: MonthlyDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await db.query(
    `INSERT INTO indicator_monthly AS t (month, producer_siret, api_slug, ${COUNT_COLUMNS.join(', ')}, latency_hist)
     SELECT month, producer_siret, api_slug, ${COUNT_COLUMNS.join(', ')}, latency_hist
     FROM jsonb_to_recordset($1::jsonb) AS x(month date, producer_siret text, api_slug text, ${RECORD}, latency_hist bigint[])
     ON CONFLICT (month, producer_siret, api_slug) DO UPDATE SET ${ADD},
       latency_hist = (SELECT array_agg(coalesce(a, 0) + coalesce(b, 0) ORDER BY i)
                       FROM unnest(t.latency_hist, EXCLUDED.latency_hist) WITH ORDINALITY AS u(a, b, i))`,
    [JSON.stringify(deltas)],
  );
}

/** Adds the per-consumer deltas of one batch to indicator_monthly_consumers (key order). */
export async function upsertConsumerDeltas(db: Queryable, deltas: ConsumerDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await db.query(
    `INSERT INTO indicator_monthly_consumers AS t (month, producer_siret, api_slug, consumer_siret, ${COUNT_COLUMNS.join(', ')})
     SELECT month, producer_siret, api_slug, consumer_siret, ${COUNT_COLUMNS.join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS x(month date, producer_siret text, api_slug text, consumer_siret text, ${RECORD})
     ON CONFLICT (month, producer_siret, api_slug, consumer_siret) DO UPDATE SET ${ADD}`,
    [JSON.stringify(deltas)],
  );
}
