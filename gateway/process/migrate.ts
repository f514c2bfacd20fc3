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
 * The checksum covers the statements, not the full-line `--` comments: rewording a comment is
 * not a schema change (databases that recorded the full-text checksum are still recognised).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWNERS = [
  'gateway',
  'identity',
  'catalog',
  'contracts',
  'consent',
  'connectors',
  'ledger',
  'audit',
  'flows',
  'notify',
  'indicators',
  'counter',
];
const NAME = /^\d{12}_[a-z0-9_]+\.sql$/;
/** Serialises concurrent migrators (two gateways starting at once). */
const LOCK_KEY = 4242_0001;
/**
 * Full-text checksums recorded before comment-only edits of these files (their statements are
 * unchanged): a database that applied the earlier text is upgraded to the current checksum.
 */
const COMMENT_ONLY_EDITS: Record<string, string> = {
  '202611231105_rate_limit_windows.sql': '9ec14e55ad0b9e7667b437c5d2e32537a944dbc2f6ec07118b30dcc8dce45651',
  '202611231300_audit_cases.sql': 'a8f8c93b1a0ab8a213016fcb586220938c417e1ef185bbc37cafcce4edff6102',
  '202611231001_ledger_events.sql': '52c73f075ff0e1d6fe64b55b42e71a826fd3ca8e3b202dbad744dbb547f3d235',
  '202611231006_ledger_append_only.sql': '8c6e93ce3ba461e13597785510c9f4fc91f94bdea22c73dd6e083e19d40c3e13',
  '202611231306_citizen_reports.sql': '9a1bbeefdb503c4c0a0be7973503532c25e46ed4969b2d18fc292c5752cba20b',
  '202611231305_cases.sql': '6984d1d556005972ef14b3f93397df029dcbf7589ce302e18c8f9594e88c3a63',
  '202611231300_consents.sql': '7e1480cd7de768135377731806e77f62c97c2f7c013d3439608aab9f149ecb3b',
  '202611231205_contract_notify.sql': 'dce2e7d3da1aa4beea536bd7d29af50e8a43bdd7b33ab848ac4e8ec67a50a2b8',
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Checksum of a migration's statements: full-line comments and trailing blanks left out. */
export function statementChecksum(sql: string): string {
  return sha256(
    sql
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .map((line) => line.trimEnd())
      .join('\n')
      .trim(),
  );
}

/** True when a recorded checksum designates this migration's current statements. */
function sameStatements(recorded: string, m: Migration): boolean {
  return recorded === m.checksum || recorded === sha256(m.sql) || recorded === COMMENT_ONLY_EDITS[m.name];
}

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
      found.push({ name: file, owner, sql, checksum: statementChecksum(sql) });
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
        if (!sameStatements(previous, m)) throw new Error(`migration ${m.name} was changed after being applied`);
        if (previous !== m.checksum) await client.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [m.name, m.checksum]);
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
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM schema_migrations WHERE name = ANY($1::text[])`, [
    migrations.map((m) => m.name),
  ]);
  return Number(rows[0]?.n) === migrations.length;
}
