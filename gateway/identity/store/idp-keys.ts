import type pg from 'pg';

export async function findIdpKeysByName(pool: pg.Pool, name: string): Promise<{ keys: object[] } | null> {
  const { rows } = await pool.query<{ jwks: { keys: object[] } }>('SELECT jwks FROM idp_keys WHERE name = $1', [name]);
  return rows[0]?.jwks ?? null;
}

/** Stores a key set unless one of that name exists (first writer wins). */
export async function insertIdpKeys(pool: pg.Pool, name: string, jwks: { keys: object[] }): Promise<void> {
  await pool.query('INSERT INTO idp_keys (name, jwks) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, JSON.stringify(jwks)]);
}
