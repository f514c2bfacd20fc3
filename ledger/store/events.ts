import type pg from 'pg';
import type { CommittedEvent } from '../event.js';

/** A pool or a client: anything that runs a query. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Columns in record order; timestamps cross the wire as epoch milliseconds (exact integers). */
const RECORD_COLUMNS: [string, string][] = [
  ['chain_id', 'text'],
  ['seq', 'bigint'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['id', 'uuid'],
  ['type', 'text'],
  ['occurred_at', 'bigint'],
  ['recorded_at', 'bigint'],
  ['actor', 'jsonb'],
  ['consumer_siret', 'text'],
  ['client_id', 'text'],
  ['contract_id', 'text'],
  ['contract_version', 'integer'],
  ['producer_siret', 'text'],
  ['api_slug', 'text'],
  ['endpoint', 'text'],
  ['fields', 'text[]'],
  ['data_elements', 'text[]'],
  ['subject_ref', 'text'],
  ['subject_kind', 'text'],
  ['recipient', 'text'],
  ['context', 'text'],
  ['object', 'text'],
  ['legal_basis', 'jsonb'],
  ['outcome', 'text'],
  ['problem_code', 'text'],
  ['status', 'integer'],
  ['latency_ms', 'integer'],
  ['body_sha256', 'text'],
  ['detail', 'jsonb'],
];
const EPOCH_MS = (c: string) => `timestamptz 'epoch' + ${c} * interval '1 millisecond'`;
const INSERT_SQL = `INSERT INTO ledger_events (${RECORD_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${RECORD_COLUMNS.map(([c]) => (c.endsWith('_at') ? EPOCH_MS(`x.${c}`) : `x.${c}`)).join(', ')}
  FROM json_to_recordset($1::json) AS x(${RECORD_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})`;

/**
 * The record of a row as a JSON object built by PostgreSQL, keys and value types exactly those
 * of `LedgerRecord` (timestamps as epoch ms): what queries, evidence bundles and the relay read.
 */
export const RECORD_JSON = `json_build_object(${RECORD_COLUMNS.filter(([c]) => c !== 'hash')
  .map(([c]) => `'${c}', ${c.endsWith('_at') ? `(extract(epoch FROM e.${c}) * 1000)::bigint` : `e.${c}`}`)
  .join(', ')})`;

/** One multi-row INSERT for a whole batch (one statement, hence one transaction and one commit). */
export async function insertEvents(db: Queryable, events: CommittedEvent[]): Promise<number> {
  const { rowCount } = await db.query(INSERT_SQL, [JSON.stringify(events)]);
  return rowCount ?? 0;
}

/** The last committed event of a chain, or null for a new chain. */
export async function findChainHeadByChainId(db: Queryable, chainId: string): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await db.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM ledger_events WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1',
    [chainId],
  );
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
}

export async function insertChain(db: Queryable, chainId: string): Promise<void> {
  await db.query('INSERT INTO ledger_chains (chain_id) VALUES ($1) ON CONFLICT (chain_id) DO NOTHING', [chainId]);
}

/** Every chain id: registered chains plus any chain present in the events (loose index scan). */
export async function listChainIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ chain_id: string }>(
    `WITH RECURSIVE c AS (
       (SELECT chain_id FROM ledger_events ORDER BY chain_id LIMIT 1)
       UNION ALL
       SELECT (SELECT e.chain_id FROM ledger_events e WHERE e.chain_id > c.chain_id ORDER BY e.chain_id LIMIT 1) FROM c WHERE c.chain_id IS NOT NULL)
     SELECT chain_id FROM c WHERE chain_id IS NOT NULL
     UNION SELECT chain_id FROM ledger_chains
     UNION SELECT chain_id FROM ledger_checkpoint_heads
     ORDER BY chain_id`,
  );
  return rows.map((r) => r.chain_id);
}

/**
 * Heads of every registered chain not yet covered by a checkpoint (for the next checkpoint):
 * a head already signed needs no new signature, so idle chains (stopped gateways) cost nothing.
 */
export async function listUnsignedChainHeads(db: Queryable): Promise<{ chainId: string; seq: number; hash: string }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string; hash: string }>(
    `SELECT c.chain_id, h.seq, h.hash FROM ledger_chains c
     CROSS JOIN LATERAL (SELECT seq, hash FROM ledger_events e WHERE e.chain_id = c.chain_id ORDER BY seq DESC LIMIT 1) h
     WHERE NOT EXISTS (SELECT 1 FROM ledger_checkpoint_heads k WHERE k.chain_id = c.chain_id AND k.seq >= h.seq)
     ORDER BY c.chain_id`,
  );
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq), hash: r.hash }));
}

/**
 * The verifier's query builds most of the RFC 8785 encoding in PostgreSQL (on the server's core,
 * in parallel with the hashing here): keys in sorted order, strings through `to_json` (whose
 * escaping — \b \f \n \r \t \" \\ and \u00xx for other controls — is RFC 8785 §3.2.2.2's),
 * integers and epoch-ms timestamps as decimal text. jsonb values come back apart, to be
 * canonicalised by the caller (jsonb does not keep RFC 8785 key order). A test checks the
 * result equals `encodeRecord` for hostile strings.
 */
function canonicalParts(): { sql: string; json: boolean }[] {
  const sorted = RECORD_COLUMNS.filter(([c]) => c !== 'hash').sort(([a], [b]) => (a < b ? -1 : 1));
  const parts: { sql: string; json: boolean }[] = [];
  let segment: string[] = [];
  sorted.forEach(([c, t], i) => {
    const prefix = `'${i === 0 ? '{' : ','}"${c}":'`;
    if (t === 'jsonb') {
      segment.push(prefix);
      parts.push({ sql: segment.join(' || '), json: false }, { sql: `e.${c}::text`, json: true });
      segment = [];
      return;
    }
    const value = c.endsWith('_at') ? `((extract(epoch FROM e.${c}) * 1000)::bigint)::text` : `coalesce(to_json(e.${c})::text, 'null')`;
    segment.push(prefix, value);
  });
  segment.push(`'}'`);
  parts.push({ sql: segment.join(' || '), json: false });
  return parts;
}
export const CANONICAL_PARTS = canonicalParts();
const RAW_TEXT = { getTypeParser: () => (v: string) => v };

/**
 * Rows of a chain with `afterSeq < seq <= untilSeq` for the verifier: `[seq, prev_hash, hash,
 * ...CANONICAL_PARTS]` as raw text. Ranges (not LIMIT) let the verifier keep several in flight.
 */
export async function listRawRowsInSeqRange(
  db: Queryable,
  chainId: string,
  afterSeq: number,
  untilSeq: number,
): Promise<(string | null)[][]> {
  const { rows } = await db.query<(string | null)[]>({
    text: `SELECT e.seq, e.prev_hash, e.hash, ${CANONICAL_PARTS.map((p) => p.sql).join(', ')} FROM ledger_events e
           WHERE e.chain_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq`,
    values: [chainId, afterSeq, untilSeq],
    rowMode: 'array',
    types: RAW_TEXT,
  } as pg.QueryConfig);
  return rows;
}

/** Rows of a chain between two seqs included, rebuilt as records (evidence bundles). */
export async function listRecordsBySeqRange(db: Queryable, chainId: string, fromSeq: number, toSeq: number): Promise<CommittedEvent[]> {
  const { rows } = await db.query<{ record: string; hash: string }>(
    `SELECT ${RECORD_JSON}::text AS record, e.hash FROM ledger_events e
     WHERE e.chain_id = $1 AND e.seq BETWEEN $2 AND $3 ORDER BY e.seq`,
    [chainId, fromSeq, toSeq],
  );
  return rows.map((r) => ({ ...(JSON.parse(r.record) as Omit<CommittedEvent, 'hash'>), hash: r.hash }));
}

/** The first seq of a chain after `afterSeq` (the verifier skips a large gap with it). */
export async function findNextSeqAfter(db: Queryable, chainId: string, afterSeq: number): Promise<number | null> {
  const { rows } = await db.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM ledger_events WHERE chain_id = $1 AND seq > $2', [
    chainId,
    afterSeq,
  ]);
  return rows[0]?.seq == null ? null : Number(rows[0].seq);
}

/** First seq of a chain with `recorded_at >= at` (start of a time-bounded verification). */
export async function findFirstSeqRecordedSince(db: Queryable, chainId: string, at: Date): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('SELECT min(seq) AS seq FROM ledger_events WHERE chain_id = $1 AND recorded_at >= $2', [
    chainId,
    at,
  ]);
  return rows[0]?.seq == null ? null : Number(rows[0].seq);
}

/** Last seq of a chain with `recorded_at <= at`. */
export async function findLastSeqRecordedUntil(db: Queryable, chainId: string, at: Date): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('SELECT max(seq) AS seq FROM ledger_events WHERE chain_id = $1 AND recorded_at <= $2', [
    chainId,
    at,
  ]);
  return rows[0]?.seq == null ? null : Number(rows[0].seq);
}

/** One event by its id (the exchange id), as its stored record. */
export async function findEventById(db: Queryable, id: string): Promise<CommittedEvent | null> {
  const { rows } = await db.query<{ record: string; hash: string }>(
    `SELECT ${RECORD_JSON}::text AS record, e.hash FROM ledger_events e WHERE e.id = $1`,
    [id],
  );
  return rows[0] ? { ...(JSON.parse(rows[0].record) as Omit<CommittedEvent, 'hash'>), hash: rows[0].hash } : null;
}

/** Number of events, per chain (audit, tests). */
export async function countEventsByChain(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ chain_id: string; n: string }>('SELECT chain_id, count(*) AS n FROM ledger_events GROUP BY chain_id');
  return Object.fromEntries(rows.map((r) => [r.chain_id, Number(r.n)]));
}

/** Which of these event ids are already recorded. */
export async function findExistingEventIds(db: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM ledger_events WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((r) => r.id);
}

/** Chains registered by their writers (checkpoints extend these in database mode). */
export async function listRegisteredChainIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ chain_id: string }>('SELECT chain_id FROM ledger_chains ORDER BY chain_id');
  return rows.map((r) => r.chain_id);
}
