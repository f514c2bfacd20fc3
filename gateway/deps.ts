import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../schemas/index.js';
import type { Config } from './config.js';
import type { Authenticator } from './http/auth.js';

/**
 * Everything the app needs from the outside world. `main.ts` builds the real ones;
 * tests inject theirs (STYLE.md #2, #11).
 */
export interface AppDeps {
  config: Config;
  pool: pg.Pool;
  logger: Logger;
  clock: Clock;
  /** Extra authenticators tried before the static admin token (OIDC sessions, IdP bearer tokens). */
  authenticators?: Authenticator[];
}
