import request from 'supertest';
import type { Express } from 'express';
import type { RouteAccess } from '../../gateway/http/access.js';

export interface ProtectedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
}

/**
 * The same 401/403 tests for every protected route (docs/architecture.md, "Tests"): no credentials, an unknown
 * bearer token, a malformed Authorization header, and an authenticated caller without the role.
 */
export function describeAccessControl(
  name: string,
  getApp: () => Express,
  routes: ProtectedRoute[],
  unprivileged: () => Record<string, string>,
): void {
  describe(`${name}: access control`, () => {
    for (const r of routes) {
      const label = `${r.method.toUpperCase()} ${r.path}`;
      test(`${label}: no credentials -> 401 client.unauthenticated`, async () => {
        const res = await request(getApp())
          [r.method](r.path)
          .send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      });
      test(`${label}: unknown bearer token -> 401 client.invalid_token`, async () => {
        const res = await request(getApp())
          [r.method](r.path)
          .set('Authorization', 'Bearer forged.token.value')
          .send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
      });
      test(`${label}: malformed Authorization -> 401 client.invalid_token`, async () => {
        const res = await request(getApp())
          [r.method](r.path)
          .set('Authorization', 'Basic Zm9vOmJhcg==')
          .send(r.body as object);
        expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
      });
      test(`${label}: authenticated without the role -> 403 client.forbidden`, async () => {
        const res = await request(getApp())
          [r.method](r.path)
          .set(unprivileged())
          .send(r.body as object);
        expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
      });
    }
  });
}

/* ---------------------------------------------------------------------------------------------
 * The shared access suite (tests/security/access-control.test.ts): personas, and what each
 * declaration (gateway/http/access.ts) promises to each of them — written here independently of
 * the guard, so that a wrong guard and a wrong declaration both fail.
 * ------------------------------------------------------------------------------------------- */

/** Who a persona is, as `/auth/session` describes it (null: anonymous or an exchange token). */
export interface PersonaPrincipal {
  kind: 'agent' | 'citizen' | 'service';
  memberships: { siret: string; roles: string[] }[];
  platformRoles: string[];
}

export interface Persona {
  name: string;
  /** Headers to send (Cookie, Authorization). */
  headers: Record<string, string>;
  csrfToken?: string;
  principal: PersonaPrincipal | null;
  /** Carries an exchange access token (RFC 9068) rather than a control-plane credential. */
  exchangeToken?: boolean;
  /** Carries a bearer token nobody issued (with `exchangeToken`: refused everywhere, fail closed). */
  forged?: boolean;
}

/** The organisations a declaration's scope points at, for the sample values the suite sends. */
export interface ScopeSamples {
  /** SIRET sent in `path:*` and `query:*` parameters. */
  siret: (param: string) => string;
  /** The producer of the sample API (`api-producer`). */
  apiProducer: string;
  /** The parties to the sample resource (`resource-party`). */
  resourceParties: string[];
  /** The organisation named in sample bodies (`body-organisation`). */
  bodyOrganisation: string;
}

/** `allow`: the declaration lets the persona through (no 401, no `client.forbidden`); otherwise the refusal expected. */
export type Expectation = { allow: true } | { allow: false; status: number[]; codes: string[] };

const REFUSE = (status: number[], codes: string[]): Expectation => ({ allow: false, status, codes });
const ALLOW: Expectation = { allow: true };

function holds(p: PersonaPrincipal, siret: string | null, roles: string[] | 'any'): boolean {
  return p.memberships.some((m) => (siret === null || m.siret === siret) && m.roles.some((r) => roles === 'any' || roles.includes(r)));
}

/**
 * What `access` promises `persona` on the control plane (not the exchange path nor the
 * authorisation server, which have their own credentials).
 */
export function expectedAccess(access: RouteAccess, persona: Persona, samples: ScopeSamples): Expectation {
  if (access === 'public') return ALLOW;
  if (access === 'exchange-token')
    return persona.exchangeToken && !persona.forged ? ALLOW : REFUSE([401], ['client.unauthenticated', 'client.invalid_token']);
  if (access === 'oauth-client') return REFUSE([401], ['invalid_client']);
  if (persona.exchangeToken) return REFUSE([401], ['client.invalid_token']);
  const p = persona.principal;
  if (!p) return REFUSE([401], ['client.unauthenticated']);
  if (access === 'session') return ALLOW;
  const forbidden = REFUSE([403], ['client.forbidden']);
  if (access === 'citizen') return p.kind === 'citizen' ? ALLOW : forbidden;
  if (!('agent' in access)) return access.platform.some((r) => p.platformRoles.includes(r)) ? ALLOW : forbidden;
  if (access.platform?.some((r) => p.platformRoles.includes(r))) return ALLOW;
  if (p.kind !== 'agent' || !holds(p, null, access.agent)) return forbidden;
  const [where, name] = access.scope.split(':') as [string, string | undefined];
  if (where === 'path' || where === 'query') return holds(p, samples.siret(name!), access.agent) ? ALLOW : forbidden;
  if (where === 'api-producer')
    return holds(p, samples.apiProducer, access.agent) ? ALLOW : REFUSE([403, 404], ['client.forbidden', 'client.not_found']);
  // The organisation may be named through a resource the body refers to (a contract): the domain then answers 404 to a non-party.
  if (where === 'body-organisation')
    return holds(p, samples.bodyOrganisation, access.agent) ? ALLOW : REFUSE([403, 404], ['client.forbidden', 'client.not_found']);
  if (where === 'resource-party') {
    return samples.resourceParties.some((s) => holds(p, s, 'any')) ? ALLOW : REFUSE([403, 404], ['client.forbidden', 'client.not_found']);
  }
  return ALLOW; // own-rows: a listing filtered to the caller's organisations
}
