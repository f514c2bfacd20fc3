import pino, { type Logger } from 'pino';
import type pg from 'pg';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createPool } from './db.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db.js';

/** Parses the environment or exits non-zero listing every violation (STYLE.md #9). */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'datapedia' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface Database {
  pool: pg.Pool;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** The configured PostgreSQL, or the embedded one under DATA_DIR when DATABASE_URL is unset. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    logger.info({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_PG_PORT, (m) => logger.debug({ pg: m }, 'embedded postgres'));
    url = embedded.url;
  }
  const pool = createPool(url, config.DB_POOL_MAX);
  return {
    pool, url, embedded,
    close: async () => {
      await pool.end().catch(() => undefined);
      if (embedded) await embedded.stop();
    },
  };
}
