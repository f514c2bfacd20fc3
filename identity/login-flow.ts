import * as client from 'openid-client';
import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import type { Principal } from '../schemas/index.js';
import { agentIdentity, citizenIdentity } from './principal-from-claims.js';
import type { RelyingParty } from './rp/relying-party.js';
import { hashToken, randomToken } from './session/session-store.js';
import { consumeLoginFlowByIdHash, insertLoginFlow } from './store/login-flows.js';

const FLOW_TTL_MS = 10 * 60_000;

/** A local path to come back to after login: `/x...`, never `//host` or `/\host` (open redirect). */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : fallback;
}

/** Starts a login: stores state, nonce and PKCE verifier; returns the flow cookie value and the provider URL. */
export async function beginLogin(pool: pg.Pool, clock: Clock, rp: RelyingParty, returnTo: string): Promise<{ flowId: string; url: URL }> {
  const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  let url: URL;
  try {
    url = await rp.authorizationUrl(checks); // discovery on first use
  } catch (err) {
    throw new ProblemError('gateway.not_ready', {
      detail: 'Fournisseur d’identité injoignable, réessayez dans un instant.',
      cause: err,
      headers: { 'Retry-After': '5' },
    });
  }
  const flowId = randomToken();
  await insertLoginFlow(pool, {
    idHash: hashToken(flowId),
    kind: rp.settings.kind,
    ...checks,
    returnTo,
    expiresAt: new Date(clock.now().getTime() + FLOW_TTL_MS),
  });
  return { flowId, url };
}

/**
 * Completes a login at the callback: the flow must exist for this browser (cookie), match the
 * kind, and the provider's answer must pass openid-client's checks (state, iss RFC 9207, PKCE,
 * ID token signature, nonce, audience). Returns the identity to store in the session.
 */
export async function completeLogin(o: {
  pool: pg.Pool;
  clock: Clock;
  rp: RelyingParty;
  flowId: string | undefined;
  callbackUrl: URL;
  subjectSecret: string;
}): Promise<{
  principal: Omit<Principal, 'via'>;
  issuer: string;
  idToken: string | undefined;
  returnTo: string;
  /** The organisation the agents' provider asserts (ProConnect `siret` claim), or null. */
  organisationSiret: string | null;
}> {
  const flow = o.flowId ? await consumeLoginFlowByIdHash(o.pool, hashToken(o.flowId), o.clock.now()) : null;
  if (!flow || flow.kind !== o.rp.settings.kind) {
    throw new ProblemError('client.invalid_request', { detail: 'Tentative de connexion inconnue ou expirée : recommencez la connexion.' });
  }
  const providerError = o.callbackUrl.searchParams.get('error');
  if (providerError) {
    throw new ProblemError('client.unauthenticated', {
      detail: providerError === 'access_denied' ? 'Connexion annulée.' : 'Le fournisseur d’identité a refusé la connexion.',
    });
  }
  let result;
  try {
    result = await o.rp.completeLogin(o.callbackUrl, flow);
  } catch (err) {
    throw new ProblemError('client.unauthenticated', {
      detail: 'La réponse du fournisseur d’identité n’a pas pu être vérifiée.',
      cause: err,
    });
  }
  const principal =
    o.rp.settings.kind === 'agent'
      ? agentIdentity(result.issuer, result.sub, result.claims)
      : citizenFrom(result.issuer, result.sub, result.claims, o.subjectSecret);
  const siret = o.rp.settings.kind === 'agent' ? result.claims.siret : undefined;
  return {
    principal,
    issuer: result.issuer,
    idToken: result.idToken,
    returnTo: flow.returnTo,
    organisationSiret: typeof siret === 'string' && /^\d{14}$/.test(siret) ? siret : null,
  };
}

function citizenFrom(issuer: string, sub: string, claims: Record<string, unknown>, secret: string): Omit<Principal, 'via'> {
  try {
    return citizenIdentity(issuer, sub, claims, secret);
  } catch (err) {
    throw new ProblemError('client.unauthenticated', {
      detail: 'Identité pivot incomplète : la connexion citoyenne est impossible.',
      cause: err,
    });
  }
}
