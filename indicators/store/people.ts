import type { Queryable } from '../types.js';

/**
 * Copies the last login of every citizen with a live session into indicator_people (by
 * subject_ref only). Sessions live at least five minutes (SESSION_TTL_SECONDS), so a job run
 * every minute sees every login. Idempotent: a login is kept only if later than the stored one.
 */
export async function upsertPeopleFromSessions(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO indicator_people AS p (person_ref, last_login_at)
     SELECT principal->'citizen'->>'subjectRef', max(created_at) FROM sessions
     WHERE kind = 'citizen' AND principal->'citizen'->>'subjectRef' ~ '^[0-9a-f]{64}$'
     GROUP BY 1
     ON CONFLICT (person_ref) DO UPDATE SET last_login_at = EXCLUDED.last_login_at WHERE p.last_login_at < EXCLUDED.last_login_at`,
  );
  return rowCount ?? 0;
}

/** Forgets people whose last login is before `before` (the count needs nothing older). */
export async function deletePeopleBefore(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM indicator_people WHERE last_login_at < $1', [before]);
  return rowCount ?? 0;
}

/** People whose last login is at or after `since`. */
export async function countPeopleSince(db: Queryable, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicator_people WHERE last_login_at >= $1', [since]);
  return rows[0]?.n ?? 0;
}
