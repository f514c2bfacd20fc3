import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { deleteEndedAuthFailures, findAuthFailuresByClientAndSource, upsertAuthFailure } from '../store/auth-failures.js';
import type { Queryable } from '../store/tx.js';
import { OAuthError } from './errors.js';
import type { AuthorizationServer } from './server.js';

/**
 * Rules of the token endpoint's throttle on wrong client secrets (README, "Token endpoint
 * throttle"):
 * - failures are counted per (client id, source address), in PostgreSQL, so every gateway
 *   shares one count and a guesser at one address never locks out the client at another;
 * - an IPv6 source counts as its /64 (one subscriber's prefix), an IPv4-mapped one as IPv4;
 * - FAILURES_MAX failures within FAILURE_WINDOW_MS of the first one: that address is refused
 *   for that client id (429, Retry-After = end of the window) without running scrypt;
 * - a success does not reset the count (an attacker sharing the address gains nothing from
 *   the client's own successes); credentials already proven are exempt (client-auth.ts).
 */
export const FAILURES_MAX = 10;
export const FAILURE_WINDOW_MS = 60_000;

/** The throttle key of a source address: IPv4 as is, IPv6 as its /64 prefix. */
export function throttleSource(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return isIP(ip) === 4 ? ip : 'unknown';
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Client ids are keyed as given up to 100 characters, longer ones by digest (bounded rows). */
function clientKey(id: string): string {
  return id.length <= 100 ? id : `#${createHash('sha256').update(id).digest('base64url')}`;
}

/** Throws 429 `temporarily_unavailable` when (client id, source) reached the limit in its window. */
export async function checkThrottle(as: AuthorizationServer, id: string, ip: string | undefined): Promise<void> {
  const now = as.clock.now().getTime();
  const row = await findAuthFailuresByClientAndSource(as.pool, clientKey(id), throttleSource(ip), new Date(now - FAILURE_WINDOW_MS));
  if (!row || row.failures < FAILURES_MAX) return;
  const retryAfter = Math.max(1, Math.ceil((row.window_start.getTime() + FAILURE_WINDOW_MS - now) / 1000));
  throw new OAuthError(
    'temporarily_unavailable',
    'Trop d’échecs d’authentification pour ce client depuis cette adresse : réessayez plus tard.',
    { retryAfter },
  );
}

/** Counts one wrong secret for (client id, source), atomically across gateways. */
export async function recordFailure(as: AuthorizationServer, id: string, ip: string | undefined): Promise<void> {
  const now = as.clock.now();
  await upsertAuthFailure(as.pool, clientKey(id), throttleSource(ip), now, new Date(now.getTime() - FAILURE_WINDOW_MS));
}

/** Housekeeping: forgets the windows that ended. */
export async function purgeEndedFailures(db: Queryable, now: Date): Promise<void> {
  await deleteEndedAuthFailures(db, new Date(now.getTime() - FAILURE_WINDOW_MS));
}
