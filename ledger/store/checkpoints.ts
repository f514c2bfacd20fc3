import type { Queryable } from './events.js';

export interface CheckpointRow {
  id: number;
  number: number | null;
  prev_sha256: string | null;
  sha256: string | null;
  created_at: Date;
  kid: string;
  jws: string;
}

export interface HeadRow {
  checkpoint_id: number;
  chain_id: string;
  seq: number;
  hash: string;
  root: string | null;
  frontier: string | null;
  closed: boolean;
}

const CP_COLUMNS = 'c.id, c.number, c.prev_sha256, c.sha256, c.created_at, c.kid, c.jws';
type RawCp = Omit<CheckpointRow, 'id' | 'number'> & { id: string; number: string | null };
const toCp = (r: RawCp): CheckpointRow => ({ ...r, id: Number(r.id), number: r.number === null ? null : Number(r.number) });

export async function insertCheckpoint(
  db: Queryable,
  c: { number: number; prevSha256: string; sha256: string; createdAt: Date; kid: string; jws: string },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO ledger_checkpoints (number, prev_sha256, sha256, created_at, kid, jws) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [c.number, c.prevSha256, c.sha256, c.createdAt, c.kid, c.jws],
  );
  return Number(rows[0]!.id);
}

export async function insertCheckpointHeads(
  db: Queryable,
  checkpointId: number,
  heads: { chainId: string; seq: number; hash: string; root: string; frontier: string; closed: boolean }[],
): Promise<void> {
  await db.query(
    `INSERT INTO ledger_checkpoint_heads (checkpoint_id, chain_id, seq, hash, root, frontier, closed)
     SELECT $1, x.chain_id, x.seq, x.hash, x.root, x.frontier, x.closed
     FROM json_to_recordset($2::json) AS x(chain_id text, seq bigint, hash text, root text, frontier text, closed boolean)`,
    [
      checkpointId,
      JSON.stringify(
        heads.map((h) => ({ chain_id: h.chainId, seq: h.seq, hash: h.hash, root: h.root, frontier: h.frontier, closed: h.closed })),
      ),
    ],
  );
}

/** The checkpoint with the highest number, or null. */
export async function findLatestCheckpoint(db: Queryable): Promise<CheckpointRow | null> {
  const { rows } = await db.query<RawCp>(
    `SELECT ${CP_COLUMNS} FROM ledger_checkpoints c WHERE c.number IS NOT NULL ORDER BY c.number DESC LIMIT 1`,
  );
  return rows[0] ? toCp(rows[0]) : null;
}

export async function findCheckpointByNumber(db: Queryable, number: number): Promise<CheckpointRow | null> {
  const { rows } = await db.query<RawCp>(`SELECT ${CP_COLUMNS} FROM ledger_checkpoints c WHERE c.number = $1`, [number]);
  return rows[0] ? toCp(rows[0]) : null;
}

/** Keyset page of numbered checkpoints in number order. */
export async function listCheckpointsAfterNumber(db: Queryable, afterNumber: number, limit: number): Promise<CheckpointRow[]> {
  const { rows } = await db.query<RawCp>(`SELECT ${CP_COLUMNS} FROM ledger_checkpoints c WHERE c.number > $1 ORDER BY c.number LIMIT $2`, [
    afterNumber,
    limit,
  ]);
  return rows.map(toCp);
}

/** Checkpoints without a number (written before checkpoints were chained, or forged). */
export async function countUnnumberedCheckpoints(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM ledger_checkpoints WHERE number IS NULL');
  return Number(rows[0]!.n);
}

/** The stored heads of a set of checkpoints. */
export async function listCheckpointHeadsByCheckpointIds(db: Queryable, ids: number[]): Promise<HeadRow[]> {
  const { rows } = await db.query<Omit<HeadRow, 'checkpoint_id' | 'seq'> & { checkpoint_id: string; seq: string }>(
    `SELECT checkpoint_id, chain_id, seq, hash, root, frontier, closed FROM ledger_checkpoint_heads
     WHERE checkpoint_id = ANY($1::bigint[]) ORDER BY checkpoint_id, chain_id`,
    [ids],
  );
  return rows.map((r) => ({ ...r, checkpoint_id: Number(r.checkpoint_id), seq: Number(r.seq) }));
}

/**
 * The newest checkpoint whose head of `chainId` is at or after `seq` (it anchors that event) and
 * that holds at least `minCosignatures` co-signatures: the proof of an event is given against it.
 * Heads only move forward and every checkpoint carries every chain, so only the newest
 * (co-signed) checkpoint needs looking at: two index lookups, whatever the ledger's age.
 */
export async function findCheckpointCoveringSeq(
  db: Queryable,
  chainId: string,
  seq: number,
  minCosignatures = 0,
): Promise<(CheckpointRow & { head_seq: number; head_root: string | null }) | null> {
  const { rows } = await db.query<RawCp & { head_seq: string; head_root: string | null }>(
    `WITH c AS (
       SELECT * FROM ledger_checkpoints c
       WHERE c.number = CASE WHEN $3::int = 0 THEN (SELECT max(number) FROM ledger_checkpoints)
         ELSE (SELECT x.checkpoint_number FROM (SELECT checkpoint_number FROM ledger_cosignatures ORDER BY checkpoint_number DESC LIMIT 200) x
               GROUP BY x.checkpoint_number HAVING count(*) >= $3::int ORDER BY x.checkpoint_number DESC LIMIT 1) END)
     SELECT ${CP_COLUMNS}, h.seq AS head_seq, h.root AS head_root FROM c
     JOIN ledger_checkpoint_heads h ON h.checkpoint_id = c.id AND h.chain_id = $1 AND h.seq >= $2`,
    [chainId, seq, minCosignatures],
  );
  return rows[0] ? { ...toCp(rows[0]), head_seq: Number(rows[0].head_seq), head_root: rows[0].head_root } : null;
}
