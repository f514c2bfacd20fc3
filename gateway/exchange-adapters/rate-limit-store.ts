/** SQL of the exchange path's own state (CONTRIBUTING.md, SQL): the shared rate-limit windows. */
import type pg from 'pg';

/**
 * Reserves `n` requests in a key's window, atomically across gateways (the row lock of
 * INSERT ... ON CONFLICT DO UPDATE serialises concurrent reservations). Returns the total
 * reserved in the window after this reservation, this one included.
 */
export async function reserveRateLimitWindowByKey(pool: pg.Pool, key: string, windowStart: Date, n: number): Promise<number> {
  const { rows } = await pool.query<{ reserved: number }>(
    `INSERT INTO rate_limit_windows AS w (key, window_start, reserved) VALUES ($1, $2, $3)
     ON CONFLICT (key, window_start) DO UPDATE SET reserved = w.reserved + EXCLUDED.reserved
     RETURNING reserved`,
    [key, windowStart, n],
  );
  return rows[0]!.reserved;
}

/** Deletes windows that ended before `before`. */
export async function deleteRateLimitWindowsBefore(pool: pg.Pool, before: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM rate_limit_windows WHERE window_start < $1', [before]);
  return rowCount ?? 0;
}
