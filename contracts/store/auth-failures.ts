import type { Queryable } from './tx.js';

export interface AuthFailureRow {
  failures: number;
  window_start: Date;
}

/** The failure count of (client, source) whose window opened after `since`, or null. */
export async function findAuthFailuresByClientAndSource(
  db: Queryable,
  clientId: string,
  source: string,
  since: Date,
): Promise<AuthFailureRow | null> {
  const { rows } = await db.query<AuthFailureRow>(
    'SELECT failures, window_start FROM oauth_auth_failures WHERE client_id = $1 AND source = $2 AND window_start > $3',
    [clientId, source, since],
  );
  return rows[0] ?? null;
}

/**
 * Counts one failure in one statement (no lost update between gateways): a new window at `now`
 * when none is open (no row, or its window opened at or before `since`), else one more.
 */
export async function upsertAuthFailure(db: Queryable, clientId: string, source: string, now: Date, since: Date): Promise<AuthFailureRow> {
  const { rows } = await db.query<AuthFailureRow>(
    `INSERT INTO oauth_auth_failures AS f (client_id, source, window_start, failures) VALUES ($1, $2, $3, 1)
     ON CONFLICT (client_id, source) DO UPDATE SET
       failures = CASE WHEN f.window_start <= $4 THEN 1 ELSE f.failures + 1 END,
       window_start = CASE WHEN f.window_start <= $4 THEN EXCLUDED.window_start ELSE f.window_start END
     RETURNING failures, window_start`,
    [clientId, source, now, since],
  );
  return rows[0]!;
}

export async function deleteEndedAuthFailures(db: Queryable, before: Date): Promise<void> {
  await db.query('DELETE FROM oauth_auth_failures WHERE window_start <= $1', [before]);
}
