import type pg from 'pg';

/** A connection string for `database` on the server and as the user of `pool`. */
export function connectionStringFor(pool: pg.Pool, database: string): string {
  const o = (pool as unknown as { options: pg.PoolConfig }).options;
  const fromString = o.connectionString ? new URL(o.connectionString) : null;
  const url = new URL('postgres://localhost');
  url.hostname = fromString?.hostname || (typeof o.host === 'string' ? o.host : '127.0.0.1');
  url.port = fromString?.port || String(o.port ?? 5432);
  url.username = fromString?.username || encodeURIComponent(o.user ?? 'postgres');
  const password = fromString?.password || (typeof o.password === 'string' ? encodeURIComponent(o.password) : '');
  if (password) url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/** Name of Datapedia's own database behind `pool`. */
export async function currentDatabase(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
}
