import type { Logger } from 'pino';
import type { Principal } from './principal.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Request id: echoed in X-Request-ID, logged, `instance` of problems. */
      id: string;
      log: Logger;
      /** Who is calling, once `authenticate` ran; undefined for anonymous callers. */
      principal?: Principal;
    }
  }
}
export {};
