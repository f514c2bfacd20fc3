import pino from 'pino';
import { createApp, type DatapediaApp } from '../../gateway/app.js';
import { loadConfig, type Config } from '../../gateway/config.js';
import type { AppDeps } from '../../gateway/deps.js';
import { manualClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from './pg.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

/** A configuration as main.ts would parse it, for tests. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_TOKEN, PUBLIC_URL: 'http://localhost:3000', ...env });
}

export interface TestApp extends DatapediaApp {
  db: TestDatabase;
  deps: AppDeps;
  clock: ReturnType<typeof manualClock>;
  stop(): Promise<void>;
}

/** The real app, in process, on a fresh database of its own. */
export async function startTestApp(opts: {
  env?: Record<string, string>;
  /** Overrides; a function receives the fresh database and the clock (to build a ledger writer on it, say). */
  deps?: Partial<AppDeps> | ((db: TestDatabase, clock: ReturnType<typeof manualClock>) => Partial<AppDeps>);
} = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = manualClock();
  const overrides = typeof opts.deps === 'function' ? opts.deps(db, clock) : opts.deps;
  const deps: AppDeps = { config: testConfig(opts.env), pool: db.pool, logger: pino({ level: 'silent' }), clock, ...overrides };
  const app = await createApp(deps);
  return {
    ...app, db, deps, clock,
    stop: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export const adminAuth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
