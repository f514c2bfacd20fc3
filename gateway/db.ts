import pg from 'pg';

/** Builds the one PostgreSQL pool of a process. Only main.ts, the CLI and tests call it. */
export function createPool(connectionString: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 });
  // An idle client losing its connection must not crash the process; the next query fails
  // closed (503) and the pool reconnects once the server is back.
  pool.on('error', () => undefined);
  return pool;
}
