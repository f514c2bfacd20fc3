/** SQL of `notify_recipients` and `notify_preferences`. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface RecipientRow {
  person_ref: string;
  email: string;
  digest: 'immediate' | 'daily';
  updated_at: Date;
}

export interface PreferenceRow {
  kind: string;
  enabled: boolean;
}

export async function upsertRecipient(db: Queryable, r: RecipientRow): Promise<void> {
  await db.query(
    `INSERT INTO notify_recipients (person_ref, email, digest, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (person_ref) DO UPDATE SET email = EXCLUDED.email, digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at`,
    [r.person_ref, r.email, r.digest, r.updated_at],
  );
}

export async function upsertPreferences(db: Queryable, personRef: string, prefs: PreferenceRow[], at: Date): Promise<void> {
  await db.query(
    `INSERT INTO notify_preferences (person_ref, kind, enabled, updated_at)
     SELECT $1, k, e, $4 FROM unnest($2::text[], $3::boolean[]) AS t(k, e)
     ON CONFLICT (person_ref, kind) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at`,
    [personRef, prefs.map((p) => p.kind), prefs.map((p) => p.enabled), at],
  );
}

export async function findRecipientByPersonRef(db: Queryable, personRef: string): Promise<RecipientRow | null> {
  const { rows } = await db.query<RecipientRow>(
    'SELECT person_ref, email, digest, updated_at FROM notify_recipients WHERE person_ref = $1',
    [personRef],
  );
  return rows[0] ?? null;
}

export async function listPreferencesByPersonRef(db: Queryable, personRef: string): Promise<PreferenceRow[]> {
  const { rows } = await db.query<PreferenceRow>('SELECT kind, enabled FROM notify_preferences WHERE person_ref = $1 ORDER BY kind', [
    personRef,
  ]);
  return rows;
}

export async function deleteRecipientByPersonRef(db: Queryable, personRef: string): Promise<void> {
  await db.query('DELETE FROM notify_recipients WHERE person_ref = $1', [personRef]);
}
