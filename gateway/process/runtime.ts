import pino, { type Logger } from 'pino';
import type pg from 'pg';
import { loadConfig, ConfigError, type Config } from '../config.js';
import { createPool } from './db.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db.js';

/** Parses the environment or exits non-zero listing every violation (docs/architecture.md, "Configuration"). */
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

/**
 * Paths pino censors in every line: credentials (authorization headers, cookies, secrets) and
 * request bodies, wherever a caller put them (docs/architecture.md, "Logs": request bodies are
 * never logged).
 */
export const LOG_REDACT_PATHS = [
  'authorization',
  'cookie',
  'body',
  'rawBody',
  'password',
  'client_secret',
  'clientSecret',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.Cookie',
  '*["set-cookie"]',
  '*["x-franceconnect-token"]',
  '*["x-csrf-token"]',
  '*.body',
  '*.rawBody',
  '*.password',
  '*.client_secret',
  '*.clientSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'err.body',
  'err.cause.body',
  'err.raw',
  'cause.body',
];

/** Drops the properties of an error that may carry a request body (body-parser keeps it on `body`). */
function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.errWithCause(err as Error) as unknown as Record<string, unknown>;
  for (let e: Record<string, unknown> | undefined = out; e && typeof e === 'object'; e = e.cause as Record<string, unknown> | undefined) {
    delete e.body;
    delete e.rawBody;
  }
  return out;
}

/** The process logger (JSON lines on stdout, or on `destination` in tests). */
export function createLogger(config: Config, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: 'datapedia' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

export interface Database {
  /** The control plane's pool (REST, GraphQL, pages, background jobs, migrations). */
  pool: pg.Pool;
  /** The exchange path's own pool (docs/architecture.md, Data): control-plane load cannot starve it. */
  exchangePool: pg.Pool;
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
  const pool = createPool(url, config.DB_POOL_MAX, 'datapedia-control');
  const exchangePool = createPool(url, config.DB_EXCHANGE_POOL_MAX, 'datapedia-exchange');
  return {
    pool,
    exchangePool,
    url,
    embedded,
    close: async () => {
      await Promise.all([pool.end().catch(() => undefined), exchangePool.end().catch(() => undefined)]);
      if (embedded) await embedded.stop();
    },
  };
}
