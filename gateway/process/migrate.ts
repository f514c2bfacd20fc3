import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * Plain SQL migrations, one change each, named `YYYYMMDDHHMM_<what>.sql`, living in the
 * `migrations/` folder of the domain that owns the tables. They are applied in name order,
 * each in its own transaction (a failed migration leaves the database as it was), and
 * recorded in `schema_migrations` with a checksum so an edited migration is detected.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWNERS = ['gateway', 'identity', 'catalog', 'contracts', 'consent', 'connectors', 'ledger', 'audit', 'flows', 'notify'];
const NAME = /^\d{12}_[a-z0-9_]+\.sql$/;
/** Serialises concurrent migrators (two gateways starting at once). */
const LOCK_KEY = 4242_0001;

export interface Migration {
  name: string;
  owner: string;
  sql: string;
  checksum: string;
}

/** Every migration file of the project, in application order. */
export function listMigrations(root = ROOT): Migration[] {
  const found: Migration[] = [];
  for (const owner of OWNERS) {
    const dir = join(root, owner, 'migrations');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.sql')) continue;
      if (!NAME.test(file)) throw new TypeError(`migration ${owner}/migrations/${file}: name must match ${NAME}`);
      const sql = readFileSync(join(dir, file), 'utf8');
      found.push({ name: file, owner, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.name === found[i - 1]!.name) throw new TypeError(`duplicate migration name ${found[i]!.name}`);
  }
  return found;
}

export interface MigrateResult {
  applied: string[];
}

/** Applies pending migrations; throws (after rolling back the failing one) on the first error. */
export async function migrate(pool: pg.Pool, migrations = listMigrations()): Promise<MigrateResult> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) throw new Error(`migration ${m.name} was changed after being applied`);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.owner}/migrations/${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** True when every known migration is recorded as applied (readiness). */
export async function isMigrated(pool: pg.Pool, migrations = listMigrations()): Promise<boolean> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM schema_migrations WHERE name = ANY($1::text[])`,
    [migrations.map((m) => m.name)],
  );
  return Number(rows[0]?.n) === migrations.length;
}
