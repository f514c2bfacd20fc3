import pg from 'pg';

/**
 * Builds a PostgreSQL pool of a process: the control plane's and the exchange path's are two
 * (docs/architecture.md, Data), told apart by `application_name` in pg_stat_activity.
 * Only main.ts, the CLI and tests call it.
 */
export function createPool(connectionString: string, max = 20, applicationName = 'datapedia'): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    application_name: applicationName,
  });
  // An idle client losing its connection must not crash the process; the next query fails
  // closed (503) and the pool reconnects once the server is back.
  pool.on('error', () => undefined);
  return pool;
}
