import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Request } from 'express';
import type pg from 'pg';
import type { Principal } from '../schemas/index.js';
import { ProblemError } from '../schemas/index.js';
import { agentIdentity, citizenIdentity, hasPivot, withMemberships } from './principal-from-claims.js';
import type { RelyingParty } from './rp/relying-party.js';
import { readCookie, SESSION_COOKIE } from './session/cookies.js';
import type { SessionStore } from './session/session-store.js';

/** Resolves the caller from a request, or null when this authenticator does not apply. */
export type Authenticator = (req: Request) => Promise<Principal | null>;

/** Bearer token of the Authorization header (RFC 6750 §2.1), or null. */
export function bearerToken(req: Request): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(h);
  return m ? m[1]! : null;
}

/** The session cookie `dp_session` -> the principal stored at login (agents' roles re-read each time). */
export function sessionAuthenticator(sessions: SessionStore, pool: pg.Pool, membershipIssuer: (issuer: string) => string): Authenticator {
  return async function authenticateSession(req) {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id) return null;
    const s = await sessions.find(id);
    if (!s) return null; // forged or expired: the request goes on as anonymous (routes answer 401)
    const { idToken: _idToken, ...stored } = s.principal as Omit<Principal, 'via'> & { idToken?: string };
    const p: Principal = { ...stored, via: 'session', csrfToken: s.csrfToken };
    return p.kind === 'agent' ? withMemberships(pool, p, membershipIssuer(s.issuer)) : p;
  };
}

const CACHE_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * An access token of the identity provider -> principal, or null. The token is
 * checked by the provider itself (OIDC Core §5.3 user info): this works for opaque tokens
 * (ProConnect, FranceConnect) and stops working as soon as the provider revokes the token.
 * Answers are cached by SHA-256 of the token for at most 60 s (refusals too: a retried bad
 * token does not reach the provider again); an unreachable provider is a 503, never cached.
 * Only the identity is cached: an agent's roles are read from `memberships` on each request. JWTs issued by our own /oauth/token (iss =
 * PUBLIC_URL) are exchange credentials, not control-plane ones: skipped without a call.
 */
export function createBearerResolver(o: {
  pool: pg.Pool;
  publicUrl: string;
  subjectSecret: string;
  now: () => number;
  parties: RelyingParty[];
  membershipIssuer: (issuer: string) => string;
}): (token: string) => Promise<Principal | null> {
  const cache = new Map<string, { principal: Principal | null; until: number }>();
  // One user-info call per distinct provider; when agents and citizens share one (the embedded
  // provider), the claims tell them apart: a citizen carries the identity pivot.
  const distinct = o.parties.filter((rp, i) => o.parties.findIndex((x) => x.settings.issuer === rp.settings.issuer) === i);
  const shared = (issuer: string) => o.parties.filter((x) => x.settings.issuer === issuer).length > 1;
  async function resolve(token: string): Promise<Principal | null> {
    for (const rp of distinct) {
      let claims: Record<string, unknown> | null;
      try {
        claims = await rp.userInfo(token);
      } catch (err) {
        // Fail closed, but say whose fault it is: not the caller's token, our provider link.
        throw new ProblemError('gateway.not_ready', {
          detail: 'Fournisseur d’identité injoignable, réessayez.',
          cause: err,
          headers: { 'Retry-After': '5' },
        });
      }
      if (!claims) continue;
      const { issuer } = rp.settings;
      const sub = String(claims.sub);
      const isCitizen = shared(issuer) ? hasPivot(claims) : rp.settings.kind === 'citizen';
      if (!isCitizen) return { ...agentIdentity(issuer, sub, claims), via: 'bearer' };
      if (hasPivot(claims)) return { ...citizenIdentity(issuer, sub, claims, o.subjectSecret), via: 'bearer' };
    }
    return null;
  }
  return async function resolveIdpAccessToken(token) {
    if (isOwnExchangeToken(token, o.publicUrl)) return null;
    const key = createHash('sha256').update(token).digest('hex');
    const hit = cache.get(key);
    let principal: Principal | null;
    if (hit && hit.until > o.now()) principal = hit.principal;
    else {
      principal = await resolve(token);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(key, { principal, until: o.now() + CACHE_MS });
    }
    // Roles are never cached: read from `memberships` on every request (one indexed query), so a
    // role removed by the organisation's admin no longer applies to the very next request.
    return principal?.kind === 'agent' ? withMemberships(o.pool, principal, o.membershipIssuer(principal.issuer ?? '')) : principal;
  };
}

/** `Authorization: Bearer <access token of the identity provider>` -> principal (see createBearerResolver). */
export function bearerAuthenticator(resolveToken: (token: string) => Promise<Principal | null>): Authenticator {
  return async function authenticateIdpBearer(req) {
    const token = bearerToken(req);
    return token ? resolveToken(token) : null;
  };
}

function isOwnExchangeToken(token: string, publicUrl: string): boolean {
  if (token.split('.').length !== 3) return false;
  try {
    return decodeJwt(token).iss === publicUrl;
  } catch {
    return false;
  }
}
