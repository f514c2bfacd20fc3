/**
 * Who may call an operation, declared once per route (and per GraphQL field) and read both by
 * the guard that enforces it and by the shared security suite that attacks it
 * (docs/threat-model.md, "Access declarations").
 */
import type { RequestHandler } from 'express';
import { ProblemError } from '../../schemas/index.js';
import type { OrgRole, PlatformRole, Principal } from './principal.js';

/**
 * Where the organisation an agent must belong to is named:
 * - `path:<name>` / `query:<name>`: a SIRET in that path or query parameter (403 for others);
 * - `api-producer`: the producer of the API `{slug}` (checked by the route, it needs the catalogue);
 * - `resource-party`: a party to the resource `{id}` (a contract, a consent request): the domain
 *   answers 404 (or 403 to an agent of the wrong side) to anyone else;
 * - `body-organisation`: the organisation named in the body (checked by the domain, 403);
 * - `own-rows`: a listing filtered to the caller's own organisations (nothing to refuse).
 */
export type AccessScope = `path:${string}` | `query:${string}` | 'api-producer' | 'resource-party' | 'body-organisation' | 'own-rows';

export type RouteAccess =
  /** Anyone, no credentials. */
  | 'public'
  /** The data plane: an RFC 9068 token of /oauth/token, checked by the exchange pipeline. */
  | 'exchange-token'
  /** The authorisation server: OAuth client authentication (RFC 6749 §2.3), checked by the endpoint. */
  | 'oauth-client'
  /** Any browser session (agent or citizen), e.g. to close it. */
  | 'session'
  /** A citizen signed in with FranceConnect; only their own rows. */
  | 'citizen'
  /** Platform staff holding one of these roles. */
  | { platform: PlatformRole[] }
  /**
   * Agents of administrations: `roles` they must hold (`any`: any role) in the organisation
   * named by `scope`; platform staff with one of `platform` pass as well.
   */
  | { agent: OrgRole[] | 'any'; scope: AccessScope; platform?: PlatformRole[] };

/** The access kinds that the control plane's generic authenticators do not decide. */
export function isSelfAuthenticated(a: RouteAccess): a is 'public' | 'exchange-token' | 'oauth-client' {
  return a === 'public' || a === 'exchange-token' || a === 'oauth-client';
}

function unauthenticated(): ProblemError {
  return new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
}

function sirets(p: Principal, roles: OrgRole[] | 'any'): string[] {
  return p.memberships.filter((m) => roles === 'any' || m.roles.some((r) => roles.includes(r))).map((m) => m.siret);
}

/**
 * The refusal a principal gets for a declaration, or null when the declaration lets it through
 * (a scope the guard cannot see — the API's producer, a resource's parties, the body — is
 * left to the route and the domain; the security suite checks them too).
 */
export function accessRefusal(
  a: RouteAccess,
  p: Principal | undefined,
  params: { path: Record<string, unknown>; query: Record<string, unknown> },
): ProblemError | null {
  if (isSelfAuthenticated(a)) return null;
  if (!p) return unauthenticated();
  if (a === 'session')
    return p.via === 'session' ? null : new ProblemError('client.unauthenticated', { detail: 'Aucune session ouverte.' });
  if (a === 'citizen') {
    return p.kind === 'citizen' && p.citizen
      ? null
      : new ProblemError('client.forbidden', { detail: 'Espace réservé aux particuliers connectés avec FranceConnect.' });
  }
  if ('platform' in a && !('agent' in a)) {
    return a.platform.some((r) => p.platformRoles.includes(r))
      ? null
      : new ProblemError('client.forbidden', { detail: `Rôle « ${a.platform.join(' » ou « ')} » requis.` });
  }
  if (a.platform?.some((r) => p.platformRoles.includes(r))) return null;
  if (p.kind !== 'agent') return new ProblemError('client.forbidden', { detail: 'Réservé aux agents des administrations.' });
  const mine = sirets(p, a.agent);
  const roleDetail =
    a.agent === 'any' ? 'Vous n’agissez pas pour cette organisation.' : `Rôle « ${a.agent.join(' » ou « ')} » de l’organisation requis.`;
  if (mine.length === 0) return new ProblemError('client.forbidden', { detail: roleDetail });
  const [where, name] = a.scope.split(':') as [string, string | undefined];
  if (name && (where === 'path' || where === 'query')) {
    const v = (where === 'path' ? params.path : params.query)[name];
    // A malformed SIRET is left to the route's validation (its precise 400); a well-formed one must be the caller's.
    if (typeof v === 'string' && /^\d{14}$/.test(v) && !mine.includes(v))
      return new ProblemError('client.forbidden', { detail: roleDetail });
  }
  return null;
}

/** The guard of a declaration, run before the route's own middleware. */
export function accessGuard(a: RouteAccess): RequestHandler[] {
  if (isSelfAuthenticated(a)) return [];
  return [
    function checkAccess(req, _res, next) {
      const refusal = accessRefusal(a, req.principal, { path: req.params, query: req.query as Record<string, unknown> });
      if (refusal) throw refusal;
      next();
    },
  ];
}

/**
 * The guard of a page: the same declaration, but an anonymous visitor is sent to the login
 * page (and comes back here) rather than answered 401.
 */
export function pageGuard(a: RouteAccess): RequestHandler {
  return function checkPageAccess(req, res, next) {
    if (!req.principal && !isSelfAuthenticated(a))
      return res.redirect(302, `/connexion?retour=${encodeURIComponent(req.originalUrl.slice(0, 200))}`);
    const refusal = accessRefusal(a, req.principal, { path: req.params, query: req.query as Record<string, unknown> });
    if (refusal) throw refusal;
    next();
  };
}

/** A short label of a declaration, for `/openapi.json` (`x-access`) and the docs. */
export function describeAccess(a: RouteAccess): string {
  if (typeof a === 'string') return a;
  if (!('agent' in a)) return `platform:${a.platform.join('|')}`;
  const roles = a.agent === 'any' ? 'agent' : `agent:${a.agent.join('|')}`;
  return `${roles}@${a.scope}${a.platform ? `+platform:${a.platform.join('|')}` : ''}`;
}
