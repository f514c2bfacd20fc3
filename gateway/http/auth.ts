import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ProblemError } from '../../schemas/index.js';
import type { PlatformRole } from './principal.js';
import { hasPlatformRole } from './principal.js';
import { bearerToken, type Authenticator } from '../../identity/index.js';

// The authenticator type and the bearer token reader belong to identity/; re-exported for the guards' callers.
export { bearerToken, type Authenticator };

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The operator's static ADMIN_TOKEN (config), with the platform `admin` role. */
export function staticTokenAuthenticator(adminToken: string | undefined): Authenticator {
  return async function authenticateStaticToken(req) {
    if (!adminToken) return null;
    const token = bearerToken(req);
    if (!token || !sameSecret(token, adminToken)) return null;
    return {
      kind: 'service',
      sub: 'admin-token',
      name: 'Opérateur (jeton statique)',
      memberships: [],
      platformRoles: ['admin'],
      via: 'static-token',
    };
  };
}

/**
 * Runs the authenticators in order; the first that recognises the request wins. A request
 * that presents credentials nobody accepts is rejected (fail closed), an anonymous one passes
 * with no principal (routes decide with `requireAuth`/`requireRole`).
 */
export function authenticate(authenticators: Authenticator[]): RequestHandler {
  return async function authenticateRequest(req, _res, next) {
    for (const a of authenticators) {
      const p = await a(req);
      if (p) {
        req.principal = p;
        return next();
      }
    }
    if (req.headers.authorization) {
      throw new ProblemError('client.invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    }
    next();
  };
}

export function requireAuth(): RequestHandler {
  return function requireAuthenticated(req, _res, next) {
    if (!req.principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    next();
  };
}

/** Platform role check (e.g. `admin`, `auditor`); 401 when anonymous, 403 when lacking the role. */
export function requirePlatformRole(role: PlatformRole): RequestHandler {
  return function requireRole(req, _res, next) {
    if (!req.principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    if (!hasPlatformRole(req.principal, role)) throw new ProblemError('client.forbidden', { detail: `Rôle « ${role} » requis.` });
    next();
  };
}
