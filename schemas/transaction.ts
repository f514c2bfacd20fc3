import type pg from 'pg';

/**
 * Runs `fn` in one transaction on a client of the pool: all or nothing (no partial write on bad
 * input), rolled back if `fn` throws. Shared by every domain's store.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
