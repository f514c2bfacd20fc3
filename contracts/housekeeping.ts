import { deleteExpiredAssertionJtis } from './store/clients.js';
import { deleteExpiredRevokedTokens } from './store/tokens.js';
import { expireContracts } from './lifecycle.js';
import { purgeEndedFailures } from './oauth/throttle.js';
import type { ContractsContext } from './types.js';

/**
 * Periodic upkeep of one process: marks contracts past their end date `expired` (with their
 * history event; tokens are refused from the end date on anyway), and forgets client-assertion
 * jtis, revoked tokens and token-endpoint failure windows that have ended. Safe to run in several processes at once.
 */
export async function runContractsHousekeeping(ctx: ContractsContext): Promise<{ expired: number }> {
  const now = ctx.clock.now();
  const expired = await expireContracts(ctx);
  await deleteExpiredAssertionJtis(ctx.pool, now);
  await deleteExpiredRevokedTokens(ctx.pool, new Date(now.getTime() - 60_000));
  await purgeEndedFailures(ctx.pool, now);
  return { expired: expired.length };
}
