import type pg from 'pg';

/** A key set as stored: sealed, or still in clear (written before sealing existed). */
export interface IdpKeysRow {
  jwks: { keys: object[] } | null;
  sealed: string | null;
}

export async function findIdpKeysByName(pool: pg.Pool, name: string): Promise<IdpKeysRow | null> {
  const { rows } = await pool.query<IdpKeysRow>('SELECT jwks, sealed FROM idp_keys WHERE name = $1', [name]);
  return rows[0] ?? null;
}

/** Stores a sealed key set unless one of that name exists (first writer wins). */
export async function insertIdpKeys(pool: pg.Pool, name: string, sealed: string): Promise<void> {
  await pool.query('INSERT INTO idp_keys (name, sealed) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, sealed]);
}

/** Replaces a key set kept in clear by its sealed form. */
export async function sealIdpKeysByName(pool: pg.Pool, name: string, sealed: string): Promise<void> {
  await pool.query('UPDATE idp_keys SET sealed = $2, jwks = NULL WHERE name = $1 AND jwks IS NOT NULL', [name, sealed]);
}
