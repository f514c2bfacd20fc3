/** Runs `fn` in one transaction (rolled back on any error). */
export { withTransaction as inTransaction } from '../schemas/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a lower-case canonical UUID (ids from URLs are checked before reaching SQL). */
export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}
