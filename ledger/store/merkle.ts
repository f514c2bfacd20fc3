import type { Queryable } from './events.js';
import type { MerkleNode } from '../merkle.js';

/** Stores completed interior nodes (idempotent: a node is a function of its leaves). */
export async function insertMerkleNodes(db: Queryable, chainId: string, nodes: MerkleNode[]): Promise<void> {
  if (nodes.length === 0) return;
  await db.query(
    `INSERT INTO ledger_merkle_nodes (chain_id, level, idx, hash)
     SELECT $1, x.level, x.idx, decode(x.hash, 'hex') FROM json_to_recordset($2::json) AS x(level smallint, idx bigint, hash text)
     ON CONFLICT DO NOTHING`,
    [chainId, JSON.stringify(nodes.map((n) => ({ level: n.level, idx: n.index, hash: n.hash.toString('hex') })))],
  );
}

/** The stored nodes among `wanted`, keyed `level:index`. */
export async function listMerkleNodes(
  db: Queryable,
  chainId: string,
  wanted: { level: number; index: number }[],
): Promise<Map<string, Buffer>> {
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM ledger_merkle_nodes n
     JOIN unnest($2::smallint[], $3::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
     WHERE n.chain_id = $1`,
    [chainId, wanted.map((w) => w.level), wanted.map((w) => w.index)],
  );
  return new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
}

/** Event hashes (hex) of a chain for `fromSeq <= seq <= toSeq`, in seq order. */
export async function listEventHashesBySeqRange(
  db: Queryable,
  chainId: string,
  fromSeq: number,
  toSeq: number,
): Promise<{ seq: number; hash: string }[]> {
  const { rows } = await db.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM ledger_events WHERE chain_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq',
    [chainId, fromSeq, toSeq],
  );
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
}
