import { createHash } from 'node:crypto';
import { findClientById, findValidSecretsByClient, type ClientRow } from '../store/clients.js';
import { decoyHash, verifyClientSecret } from '../secret-hash.js';
import { assertionClientId, JWT_BEARER, verifyClientAssertion } from './client-assertion.js';
import { OAuthError } from './errors.js';
import type { AuthorizationServer, OAuthRequest } from './server.js';

/**
 * Verified secrets, remembered for a while so a busy client does not pay scrypt on each token
 * request. The key is a digest of id and secret; a hit still needs the secret row to be valid
 * at that moment (rotation overlap ended, client disabled: refused).
 */
const verified = new Map<string, { secretId: string; until: number }>();
const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX = 10_000;
const inFlight = new Map<string, Promise<string | null>>();

/**
 * Guessing secrets is throttled per client id: after FAILURES_MAX wrong secrets within
 * FAILURE_WINDOW_MS, this process refuses that id with 429 (without running scrypt) until the
 * window ends — a bound on online guessing and on the CPU an attacker can make us spend.
 * Per process: N gateways allow at most N × FAILURES_MAX guesses per window.
 */
const FAILURES_MAX = 10;
const FAILURE_WINDOW_MS = 60_000;
const failures = new Map<string, { count: number; since: number }>();

function checkThrottle(id: string): void {
  const f = failures.get(id);
  if (!f) return;
  const now = Date.now();
  if (now - f.since >= FAILURE_WINDOW_MS) {
    failures.delete(id);
    return;
  }
  if (f.count >= FAILURES_MAX) {
    throw new OAuthError('temporarily_unavailable', 'Trop d’échecs d’authentification pour ce client : réessayez plus tard.', { retryAfter: Math.ceil((f.since + FAILURE_WINDOW_MS - now) / 1000) });
  }
}

function recordFailure(id: string): void {
  const now = Date.now();
  const f = failures.get(id);
  if (!f || now - f.since >= FAILURE_WINDOW_MS) {
    if (failures.size >= VERIFIED_MAX) failures.clear();
    failures.set(id, { count: 1, since: now });
  } else {
    f.count++;
  }
}

function parseBasic(header: string): { id: string; secret: string } {
  const m = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!m) throw new OAuthError('invalid_client', 'En-tête Authorization invalide.');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 1) throw new OAuthError('invalid_client', 'En-tête Authorization invalide.');
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
  const formDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, i)), secret: formDecode(decoded.slice(i + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'En-tête Authorization invalide.');
  }
}

async function checkSecret(as: AuthorizationServer, client: ClientRow | null, id: string, secret: string): Promise<void> {
  const secrets = client && client.auth_method === 'client_secret_basic' ? await findValidSecretsByClient(as.pool, id, as.clock.now()) : [];
  const key = createHash('sha256').update(id).update('\0').update(secret).digest('base64url');
  const hit = verified.get(key);
  if (hit && hit.until > Date.now() && secrets.some((s) => s.id === hit.secretId)) return;
  // Credentials already proven pass (a guesser cannot lock a working client out); others are throttled.
  checkThrottle(id);
  if (secrets.length === 0) {
    await verifyClientSecret(secret, await decoyHash()); // same cost whether the client exists or not
    recordFailure(id);
    throw new OAuthError('invalid_client', 'Client inconnu ou secret invalide.');
  }
  // Concurrent requests presenting the same credentials share one scrypt run.
  let pending = inFlight.get(key);
  if (!pending) {
    pending = matchSecret(secret, secrets).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  const secretId = await pending;
  if (secretId === null) {
    recordFailure(id);
    throw new OAuthError('invalid_client', 'Client inconnu ou secret invalide.');
  }
  failures.delete(id);
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(key, { secretId, until: Date.now() + VERIFIED_TTL_MS });
}

async function matchSecret(secret: string, secrets: { id: string; secret_hash: string }[]): Promise<string | null> {
  for (const s of secrets) {
    if (await verifyClientSecret(secret, s.secret_hash)) return s.id;
  }
  return null;
}

/**
 * Client authentication (RFC 6749 §2.3): `client_secret_basic` or `private_key_jwt`
 * (RFC 7523 §2.2), exactly one method per request; the method must be the client's own.
 */
export async function authenticateClient(as: AuthorizationServer, req: OAuthRequest): Promise<ClientRow> {
  const b = req.body;
  const assertion = typeof b.client_assertion === 'string' ? b.client_assertion : undefined;
  if (b.client_secret !== undefined) throw new OAuthError('invalid_client', 'client_secret_post n’est pas accepté : utilisez client_secret_basic.');
  if (req.authorization && assertion) throw new OAuthError('invalid_request', 'Une seule méthode d’authentification du client par requête.');
  if (req.authorization) {
    const { id, secret } = parseBasic(req.authorization);
    if (b.client_id !== undefined && b.client_id !== id) throw new OAuthError('invalid_request', 'client_id ne correspond pas à l’authentification.');
    const client = id.length <= 100 ? await findClientById(as.pool, id) : null;
    await checkSecret(as, client, id, secret);
    return usable(client!);
  }
  if (assertion) {
    if (b.client_assertion_type !== JWT_BEARER) throw new OAuthError('invalid_client', 'client_assertion_type non pris en charge.');
    const id = assertionClientId(assertion);
    if (b.client_id !== undefined && b.client_id !== id) throw new OAuthError('invalid_client', 'client_id ne correspond pas à l’assertion.');
    const client = id.length <= 100 ? await findClientById(as.pool, id) : null;
    if (!client || client.auth_method !== 'private_key_jwt') throw new OAuthError('invalid_client', 'Client inconnu.');
    await verifyClientAssertion(as, client, assertion, req.endpointUrl);
    return usable(client);
  }
  throw new OAuthError('invalid_client', 'Authentification du client requise (client_secret_basic ou private_key_jwt).');
}

function usable(client: ClientRow): ClientRow {
  if (client.disabled_at) throw new OAuthError('invalid_client', 'Client désactivé.');
  return client;
}
