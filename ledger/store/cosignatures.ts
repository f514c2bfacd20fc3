import type { Queryable } from './events.js';

export async function insertCosignature(db: Queryable, checkpointNumber: number, witness: string, jws: string): Promise<void> {
  await db.query('INSERT INTO ledger_cosignatures (checkpoint_number, witness, jws) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    checkpointNumber,
    witness,
    jws,
  ]);
}

export async function listCosignaturesByCheckpointNumber(
  db: Queryable,
  checkpointNumber: number,
): Promise<{ witness: string; jws: string }[]> {
  const { rows } = await db.query<{ witness: string; jws: string }>(
    'SELECT witness, jws FROM ledger_cosignatures WHERE checkpoint_number = $1 ORDER BY witness',
    [checkpointNumber],
  );
  return rows;
}

export async function findCosignature(db: Queryable, checkpointNumber: number, witness: string): Promise<string | null> {
  const { rows } = await db.query<{ jws: string }>('SELECT jws FROM ledger_cosignatures WHERE checkpoint_number = $1 AND witness = $2', [
    checkpointNumber,
    witness,
  ]);
  return rows[0]?.jws ?? null;
}

/** The highest checkpoint number this witness co-signed, per our records. */
export async function findLastCosignedNumber(db: Queryable, witness: string): Promise<number> {
  const { rows } = await db.query<{ n: string | null }>('SELECT max(checkpoint_number) AS n FROM ledger_cosignatures WHERE witness = $1', [
    witness,
  ]);
  return rows[0]?.n == null ? 0 : Number(rows[0].n);
}
