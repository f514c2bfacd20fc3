import type { Queryable } from './events.js';

export async function insertKeyRotation(db: Queryable, kid: string, previous: string, jws: string): Promise<void> {
  await db.query('INSERT INTO ledger_key_rotations (kid, previous, jws) VALUES ($1, $2, $3)', [kid, previous, jws]);
}

export async function listKeyRotations(db: Queryable): Promise<{ kid: string; previous: string; jws: string }[]> {
  const { rows } = await db.query<{ kid: string; previous: string; jws: string }>(
    'SELECT kid, previous, jws FROM ledger_key_rotations ORDER BY created_at, kid',
  );
  return rows;
}
