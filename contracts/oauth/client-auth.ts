import { createHash } from 'node:crypto';
import { findClientById, findValidSecretsByClient, type ClientRow } from '../store/clients.js';
import { decoyHash, verifyClientSecret } from '../secret-hash.js';
import { assertionClientId, JWT_BEARER, verifyClientAssertion } from './client-assertion.js';
import { OAuthError } from './errors.js';
import { checkThrottle, recordFailure } from './throttle.js';
import type { AuthorizationServer, OAuthRequest } from './server.js';

/**
 * Proven credentials: a digest of id and secret -> the secret row it matched and until when the
 * proof holds. A busy client does not pay scrypt on each token request, and a proven credential
 * is exempt from the throttle (throttle.ts) for as long as it keeps being used: each success
 * pushes `until` PROVEN_IDLE_MS further. A hit still needs the secret row to be valid at that
 * moment (rotation overlap ended, client disabled: refused). Per process (a proof is the
 * outcome of scrypt on the presented secret, never stored).
 */
const proven = new Map<string, { secretId: string; until: number }>();
const PROVEN_IDLE_MS = 30 * 60_000;
const PROVEN_MAX = 10_000;
const inFlight = new Map<string, Promise<string | null>>();

function remember(key: string, secretId: string, now: number): void {
  if (!proven.has(key) && proven.size >= PROVEN_MAX) {
    for (const [k, v] of proven) if (v.until <= now) proven.delete(k);
    if (proven.size >= PROVEN_MAX) proven.delete(proven.keys().next().value!);
  }
  proven.set(key, { secretId, until: now + PROVEN_IDLE_MS });
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

async function checkSecret(
  as: AuthorizationServer,
  client: ClientRow | null,
  id: string,
  secret: string,
  ip: string | undefined,
): Promise<void> {
  const secrets = client && client.auth_method === 'client_secret_basic' ? await findValidSecretsByClient(as.pool, id, as.clock.now()) : [];
  const key = createHash('sha256').update(id).update('\0').update(secret).digest('base64url');
  const hit = proven.get(key);
  if (hit && hit.until > as.clock.now().getTime() && secrets.some((s) => s.id === hit.secretId)) {
    remember(key, hit.secretId, as.clock.now().getTime());
    return;
  }
  // Credentials already proven pass (a guesser cannot lock a working client out); others are throttled.
  await checkThrottle(as, id, ip);
  if (secrets.length === 0) {
    await verifyClientSecret(secret, await decoyHash()); // same cost whether the client exists or not
    await recordFailure(as, id, ip);
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
    await recordFailure(as, id, ip);
    throw new OAuthError('invalid_client', 'Client inconnu ou secret invalide.');
  }
  remember(key, secretId, as.clock.now().getTime());
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
  if (b.client_secret !== undefined)
    throw new OAuthError('invalid_client', 'client_secret_post n’est pas accepté : utilisez client_secret_basic.');
  if (req.authorization && assertion)
    throw new OAuthError('invalid_request', 'Une seule méthode d’authentification du client par requête.');
  if (req.authorization) {
    const { id, secret } = parseBasic(req.authorization);
    if (b.client_id !== undefined && b.client_id !== id)
      throw new OAuthError('invalid_request', 'client_id ne correspond pas à l’authentification.');
    const client = id.length <= 100 ? await findClientById(as.pool, id) : null;
    await checkSecret(as, client, id, secret, req.ip);
    return usable(client!);
  }
  if (assertion) {
    if (b.client_assertion_type !== JWT_BEARER) throw new OAuthError('invalid_client', 'client_assertion_type non pris en charge.');
    const id = assertionClientId(assertion);
    if (b.client_id !== undefined && b.client_id !== id)
      throw new OAuthError('invalid_client', 'client_id ne correspond pas à l’assertion.');
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
