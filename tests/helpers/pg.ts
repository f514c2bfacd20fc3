import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { listMigrations, migrate } from '../../gateway/process/migrate.js';

/** The machine's PostgreSQL server (docs/architecture.md, "Tests": tests use a real server). */
export const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function adminUrl(db = 'postgres'): string {
  return `${PG_SERVER}/${db}`;
}

/** Name of the migrated template database for the current set of migrations. */
export function templateName(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.name).update(m.checksum);
  return `datapedia_tpl_${h.digest('hex').slice(0, 16)}`;
}

/** Creates (once, under an advisory lock) the migrated template every test database copies. */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(4242002)');
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const pool = new pg.Pool({ connectionString: adminUrl(building), max: 1 });
      try {
        await migrate(pool);
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    // Leftovers of crashed runs older than two hours.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^dp_t_[0-9]+_'`);
    const cutoff = Math.floor(Date.now() / 1000) - 7200;
    for (const r of rows) {
      if (Number(r.datname.split('_')[2]) < cutoff)
        await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => undefined);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242002)').catch(() => undefined);
    await admin.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this test file's own (copied from the template). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const template = opts.migrated === false ? 'template0' : await ensureTemplate();
  const name = `dp_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await a.end();
    },
  };
}
