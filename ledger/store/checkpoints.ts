import type { Queryable } from './events.js';

export interface CheckpointRow {
  id: number;
  created_at: Date;
  kid: string;
  jws: string;
}

export interface HeadRow {
  checkpoint_id: number;
  chain_id: string;
  seq: number;
  hash: string;
}

export async function insertCheckpoint(db: Queryable, createdAt: Date, kid: string, jws: string): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO ledger_checkpoints (created_at, kid, jws) VALUES ($1, $2, $3) RETURNING id', [createdAt, kid, jws]);
  return Number(rows[0]!.id);
}

export async function insertCheckpointHeads(db: Queryable, checkpointId: number, heads: { chainId: string; seq: number; hash: string }[]): Promise<void> {
  await db.query(
    `INSERT INTO ledger_checkpoint_heads (checkpoint_id, chain_id, seq, hash)
     SELECT $1, x.chain_id, x.seq, x.hash FROM json_to_recordset($2::json) AS x(chain_id text, seq bigint, hash text)`,
    [checkpointId, JSON.stringify(heads.map((h) => ({ chain_id: h.chainId, seq: h.seq, hash: h.hash })))]);
}

/** Keyset page of checkpoints in creation order. */
export async function listCheckpointsAfterId(db: Queryable, afterId: number, limit: number): Promise<CheckpointRow[]> {
  const { rows } = await db.query<CheckpointRow & { id: string }>(
    'SELECT id, created_at, kid, jws FROM ledger_checkpoints WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The denormalised heads of a set of checkpoints. */
export async function listCheckpointHeadsByCheckpointIds(db: Queryable, ids: number[]): Promise<HeadRow[]> {
  const { rows } = await db.query<{ checkpoint_id: string; chain_id: string; seq: string; hash: string }>(
    'SELECT checkpoint_id, chain_id, seq, hash FROM ledger_checkpoint_heads WHERE checkpoint_id = ANY($1::bigint[]) ORDER BY checkpoint_id, chain_id', [ids]);
  return rows.map((r) => ({ checkpoint_id: Number(r.checkpoint_id), chain_id: r.chain_id, seq: Number(r.seq), hash: r.hash }));
}

/** The first checkpoint whose head of `chainId` is at or after `seq` (it anchors that event). */
export async function findCheckpointCoveringSeq(db: Queryable, chainId: string, seq: number): Promise<(CheckpointRow & { head_seq: number }) | null> {
  const { rows } = await db.query<CheckpointRow & { id: string; head_seq: string }>(
    `SELECT c.id, c.created_at, c.kid, c.jws, h.seq AS head_seq FROM ledger_checkpoint_heads h
     JOIN ledger_checkpoints c ON c.id = h.checkpoint_id
     WHERE h.chain_id = $1 AND h.seq >= $2 ORDER BY h.seq, c.id LIMIT 1`, [chainId, seq]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id), head_seq: Number(rows[0].head_seq) } : null;
}
