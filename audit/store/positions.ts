import type { Queryable } from '../types.js';

/** Creates the position rows of chains the evaluator has not seen yet (at seq 0). */
export async function insertMissingPositions(db: Queryable): Promise<void> {
  await db.query('INSERT INTO audit_positions (chain_id) SELECT chain_id FROM ledger_chains ON CONFLICT (chain_id) DO NOTHING');
}

/** Locks a chain's position for this transaction; null when another evaluator holds it. */
export async function lockPositionByChain(db: Queryable, chainId: string): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('SELECT seq FROM audit_positions WHERE chain_id = $1 FOR UPDATE SKIP LOCKED', [chainId]);
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function updatePositionByChain(db: Queryable, chainId: string, seq: number, recordedAt: Date, at: Date): Promise<void> {
  await db.query('UPDATE audit_positions SET seq = $2, recorded_at = $3, updated_at = $4 WHERE chain_id = $1', [
    chainId,
    seq,
    recordedAt,
    at,
  ]);
}

export async function listPositions(db: Queryable): Promise<{ chainId: string; seq: number; recordedAt: Date | null; updatedAt: Date }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string; recorded_at: Date | null; updated_at: Date }>(
    'SELECT chain_id, seq, recorded_at, updated_at FROM audit_positions ORDER BY chain_id',
  );
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq), recordedAt: r.recorded_at, updatedAt: r.updated_at }));
}

/** Takes the sweep slot of a periodic rule when it last ran before `dueBefore`; false otherwise. */
export async function claimSweepByRule(db: Queryable, rule: string, dueBefore: Date, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO audit_sweeps (rule, ran_at) VALUES ($1, $3) ON CONFLICT (rule) DO UPDATE SET ran_at = $3 WHERE audit_sweeps.ran_at <= $2`,
    [rule, dueBefore, at],
  );
  return (rowCount ?? 0) > 0;
}
