import pino from 'pino';
import { createApp, type DatapediaApp } from '../../gateway/app.js';
import { buildServices, type Services } from '../../gateway/compose.js';
import { backgroundJobs, type Background } from '../../gateway/background.js';
import { loadConfig, type Config } from '../../gateway/config.js';
import type { AppDeps } from '../../gateway/deps.js';
import { createLedgerWriter, defaultChainId, type LedgerWriter } from '../../ledger/index.js';
import { manualClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from './pg.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

/** A configuration as main.ts would parse it, for tests. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_TOKEN, PUBLIC_URL: 'http://localhost:3000', ...env });
}

export interface ComposedApp extends DatapediaApp {
  services: Services;
  /** Closes the app, then its services (not the pools, not the ledger writer). */
  close(): Promise<void>;
}

/** What main.ts does between the database and listen: the process's services, then the HTTP surfaces over them. */
export async function composeApp(deps: AppDeps): Promise<ComposedApp> {
  const services = await buildServices(deps);
  const app = await createApp(deps, services);
  return {
    ...app,
    services,
    close: async () => {
      await app.close();
      await services.close();
    },
  };
}

export interface TestApp extends ComposedApp {
  db: TestDatabase;
  deps: AppDeps;
  clock: ReturnType<typeof manualClock>;
  /** The periodic jobs of the process (started only with `background: true`). */
  background: Background;
  stop(): Promise<void>;
}

/**
 * The real app, in process, on a fresh database of its own, composed as main.ts does. Without a
 * `ledger` in the overrides, the app gets a ledger writer of its own chain on that database.
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    /** Overrides; a function receives the fresh database and the clock (to build a ledger writer on it, say). */
    deps?: Partial<AppDeps> | ((db: TestDatabase, clock: ReturnType<typeof manualClock>) => Partial<AppDeps>);
    /** Starts the background jobs (housekeeping, expiry, usage control...) as main.ts does. */
    background?: boolean;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = manualClock();
  const overrides = typeof opts.deps === 'function' ? opts.deps(db, clock) : opts.deps;
  let writer: LedgerWriter | null = null;
  const deps: AppDeps = {
    config: testConfig(opts.env),
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    clock,
    ...overrides,
    ledger: overrides?.ledger ?? (writer = createLedgerWriter({ pool: db.pool, clock, chainId: defaultChainId() })),
  };
  const app = await composeApp(deps);
  const background = backgroundJobs(deps, app.services);
  if (opts.background) background.start();
  return {
    ...app,
    db,
    deps,
    clock,
    background,
    stop: async () => {
      await background.stop();
      await app.close();
      await writer?.close();
      await db.drop();
    },
  };
}

export const adminAuth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
