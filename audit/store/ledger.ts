import type { LedgerRow, Queryable } from '../types.js';

/**
 * Read-only queries over the ledger's table (ledger/migrations): the evaluator's tail and the
 * windows the rules look at. Every window query goes through the per-consumer index
 * (consumer_siret, occurred_at), so the exchange hot path carries no extra index.
 */
const EXCHANGE_TYPES = `('exchange.served', 'exchange.denied', 'exchange.failed')`;

interface Row {
  id: string;
  chain_id: string;
  seq: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  consumer_siret: string | null;
  client_id: string | null;
  contract_id: string | null;
  producer_siret: string | null;
  api_slug: string | null;
  fields: string[] | null;
  subject_ref: string | null;
  recipient: string | null;
  outcome: string;
  problem_code: string | null;
  detail: Record<string, unknown> | null;
}

function toRow(r: Row): LedgerRow {
  return {
    id: r.id,
    chainId: r.chain_id,
    seq: Number(r.seq),
    type: r.type,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    consumerSiret: r.consumer_siret,
    clientId: r.client_id,
    contractId: r.contract_id,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    fields: r.fields,
    subjectRef: r.subject_ref,
    recipient: r.recipient,
    outcome: r.outcome,
    problemCode: r.problem_code,
    detail: r.detail,
  };
}

/** The next events of a chain after `afterSeq`, in chain order. */
export async function listEventsAfterSeq(db: Queryable, chainId: string, afterSeq: number, limit: number): Promise<LedgerRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, chain_id, seq, type, occurred_at, recorded_at, consumer_siret, client_id, contract_id, producer_siret, api_slug, fields, subject_ref, recipient, outcome, problem_code,
            CASE WHEN type = 'citizen.report' THEN detail
                 WHEN detail ? 'delegation' THEN jsonb_build_object('delegation', detail -> 'delegation') END AS detail
     FROM ledger_events WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [chainId, afterSeq, limit],
  );
  return rows.map(toRow);
}

/** Head (last seq, its recording time) of every chain. */
export async function listChainHeads(db: Queryable): Promise<{ chainId: string; seq: number; recordedAt: Date | null }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string | null; recorded_at: Date | null }>(
    `SELECT ch.chain_id, h.seq, h.recorded_at FROM ledger_chains ch
     LEFT JOIN LATERAL (SELECT seq, recorded_at FROM ledger_events e WHERE e.chain_id = ch.chain_id ORDER BY seq DESC LIMIT 1) h ON true
     ORDER BY ch.chain_id`,
  );
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq ?? 0), recordedAt: r.recorded_at }));
}

/** Exchanges (any outcome) of one contract in `(from, to]`, oldest first. */
export async function listExchangeTimesByContract(
  db: Queryable,
  consumerSiret: string,
  contractId: string,
  from: Date,
  to: Date,
): Promise<{ id: string; at: Date }[]> {
  const { rows } = await db.query<{ id: string; occurred_at: Date }>(
    `SELECT id, occurred_at FROM ledger_events
     WHERE consumer_siret = $1 AND contract_id = $2 AND type IN ${EXCHANGE_TYPES} AND occurred_at > $3 AND occurred_at <= $4
     ORDER BY occurred_at, id`,
    [consumerSiret, contractId, from, to],
  );
  return rows.map((r) => ({ id: r.id, at: r.occurred_at }));
}

/** Exchanges made under one delegation (by its editor) in `(from, to]`, oldest first (per-consumer index). */
export async function listExchangeTimesByDelegation(
  db: Queryable,
  consumerSiret: string,
  delegationId: string,
  from: Date,
  to: Date,
): Promise<{ id: string; at: Date }[]> {
  const { rows } = await db.query<{ id: string; occurred_at: Date }>(
    `SELECT id, occurred_at FROM ledger_events
     WHERE consumer_siret = $1 AND type IN ${EXCHANGE_TYPES} AND occurred_at > $3 AND occurred_at <= $4
       AND detail ? 'delegation' AND (detail -> 'delegation') ->> 'id' = $2
     ORDER BY occurred_at, id`,
    [consumerSiret, delegationId, from, to],
  );
  return rows.map((r) => ({ id: r.id, at: r.occurred_at }));
}

/** Denied exchanges of one consumer in `(from, to]`, oldest first. */
export async function listDenialTimesByConsumer(
  db: Queryable,
  consumerSiret: string,
  from: Date,
  to: Date,
): Promise<{ id: string; at: Date }[]> {
  const { rows } = await db.query<{ id: string; occurred_at: Date }>(
    `SELECT id, occurred_at FROM ledger_events
     WHERE consumer_siret = $1 AND type = 'exchange.denied' AND occurred_at > $2 AND occurred_at <= $3 ORDER BY occurred_at, id`,
    [consumerSiret, from, to],
  );
  return rows.map((r) => ({ id: r.id, at: r.occurred_at }));
}

/** Distinct subjects reached by a consumer in `(from, to]` and one event id per subject (up to `sample`). */
export async function findDistinctSubjectsByConsumer(
  db: Queryable,
  consumerSiret: string,
  from: Date,
  to: Date,
  sample: number,
): Promise<{ count: number; evidence: string[] }> {
  const { rows } = await db.query<{ n: number; ids: string[] | null }>(
    `WITH firsts AS (
       SELECT DISTINCT ON (subject_ref) id, occurred_at FROM ledger_events
       WHERE consumer_siret = $1 AND type IN ${EXCHANGE_TYPES} AND subject_ref IS NOT NULL AND occurred_at > $2 AND occurred_at <= $3
       ORDER BY subject_ref, occurred_at, id)
     SELECT (SELECT count(*)::int FROM firsts) AS n, (SELECT array_agg(id) FROM (SELECT id FROM firsts ORDER BY occurred_at, id LIMIT $4) s) AS ids`,
    [consumerSiret, from, to, sample],
  );
  return { count: rows[0]?.n ?? 0, evidence: rows[0]?.ids ?? [] };
}

/** Average, over the days with activity in `[from, to)`, of the distinct subjects reached per day. */
export async function findDailySubjectBaselineByConsumer(db: Queryable, consumerSiret: string, from: Date, to: Date): Promise<number> {
  const { rows } = await db.query<{ avg: string | null }>(
    `SELECT avg(n) AS avg FROM (
       SELECT date_trunc('day', occurred_at) AS d, count(DISTINCT subject_ref) AS n FROM ledger_events
       WHERE consumer_siret = $1 AND type IN ${EXCHANGE_TYPES} AND subject_ref IS NOT NULL AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY 1) days`,
    [consumerSiret, from, to],
  );
  return rows[0]?.avg ? Number(rows[0].avg) : 0;
}

/** Field pointers actually delivered under a contract since a date. */
export async function listFieldsServedByContract(db: Queryable, consumerSiret: string, contractId: string, since: Date): Promise<string[]> {
  const { rows } = await db.query<{ f: string }>(
    `SELECT DISTINCT unnest(fields) AS f FROM ledger_events
     WHERE consumer_siret = $1 AND contract_id = $2 AND type = 'exchange.served' AND occurred_at >= $3`,
    [consumerSiret, contractId, since],
  );
  return rows.map((r) => r.f);
}

/** The ledger events recording a contract's transitions (newest first). */
export async function listTransitionEventIdsByContract(
  db: Queryable,
  consumerSiret: string,
  contractId: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ledger_events WHERE consumer_siret = $1 AND contract_id = $2 AND type = 'contract.transition' ORDER BY occurred_at DESC, id DESC LIMIT $3`,
    [consumerSiret, contractId, limit],
  );
  return rows.map((r) => r.id);
}

/** When the event at `seq` of a chain was recorded (null when absent). */
export async function findRecordedAtBySeq(db: Queryable, chainId: string, seq: number): Promise<Date | null> {
  const { rows } = await db.query<{ recorded_at: Date }>('SELECT recorded_at FROM ledger_events WHERE chain_id = $1 AND seq = $2', [
    chainId,
    seq,
  ]);
  return rows[0]?.recorded_at ?? null;
}

export interface AuditReadRow {
  id: string;
  occurredAt: Date;
  object: string | null;
  contractId: string | null;
  detail: Record<string, unknown> | null;
}

/** The `audit.read` events of one auditor, newest first (partial index audit_ledger_reads_actor_idx). */
export async function listAuditReadsByActor(
  db: Queryable,
  actorId: string,
  before: { at: Date; id: string } | null,
  limit: number,
): Promise<AuditReadRow[]> {
  const { rows } = await db.query<{
    id: string;
    occurred_at: Date;
    object: string | null;
    contract_id: string | null;
    detail: Record<string, unknown> | null;
  }>(
    `SELECT id, occurred_at, object, contract_id, detail FROM ledger_events
     WHERE type = 'audit.read' AND actor->>'id' = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2, $3::uuid))
     ORDER BY occurred_at DESC, id DESC LIMIT $4`,
    [actorId, before?.at ?? null, before?.id ?? null, limit],
  );
  return rows.map((r) => ({ id: r.id, occurredAt: r.occurred_at, object: r.object, contractId: r.contract_id, detail: r.detail }));
}

/** Contract, consumer and API of some events (by id, unique index). */
export async function listEventPartiesByIds(
  db: Queryable,
  ids: string[],
): Promise<Map<string, { contractId: string | null; consumerSiret: string | null; apiSlug: string | null }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; contract_id: string | null; consumer_siret: string | null; api_slug: string | null }>(
    'SELECT id, contract_id, consumer_siret, api_slug FROM ledger_events WHERE id = ANY ($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { contractId: r.contract_id, consumerSiret: r.consumer_siret, apiSlug: r.api_slug }]));
}
