/**
 * The guard of a route is its declaration: `mountRoutes` puts the check of `access` in front of
 * a handler that has no guard of its own (gateway/http/access.ts), with the stable codes.
 */
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { ProblemError } from '../../schemas/index.js';
import { mountRoutes, type RouteSpec } from '../../gateway/http/route.js';
import type { RouteAccess } from '../../gateway/http/access.js';
import type { Principal } from '../../gateway/http/principal.js';

const LYON = '21690123100011';
const CNAF = '18000100000017';
const PRINCIPALS: Record<string, Principal> = {
  applicant: { kind: 'agent', sub: 'a', memberships: [{ siret: LYON, roles: ['applicant'] }], platformRoles: [], via: 'bearer' },
  instructor: { kind: 'agent', sub: 'i', memberships: [{ siret: CNAF, roles: ['instructor'] }], platformRoles: [], via: 'bearer' },
  auditor: { kind: 'agent', sub: 'u', memberships: [], platformRoles: ['auditor'], via: 'bearer' },
  citizen: {
    kind: 'citizen',
    sub: 'c',
    memberships: [],
    platformRoles: [],
    via: 'session',
    citizen: { pivot: {} as never, subjectRef: 'r' },
  },
};

function appWith(access: RouteAccess, path = '/x'): express.Express {
  const app = express();
  app.use(((req, _res, next) => {
    req.principal = PRINCIPALS[String(req.headers['x-who'])];
    next();
  }) as RequestHandler);
  const route: RouteSpec = {
    method: 'get',
    path,
    operationId: 'x',
    summary: 'x',
    tags: [],
    security: [],
    access,
    responses: {},
    handler: (_req, res) => {
      res.json({ ok: true });
    },
  };
  mountRoutes(app, [route]);
  app.use(((err, _req, res, _next) => {
    const p = err as ProblemError;
    res.status(p.status ?? 500).json({ code: p.code });
  }) as express.ErrorRequestHandler);
  return app;
}

async function codeAs(app: express.Express, who: string | null, url = '/x'): Promise<[number, string | undefined]> {
  const res = await request(app)
    .get(url)
    .set(who ? { 'X-Who': who } : {});
  return [res.status, res.body.code];
}

test('a platform role: 401 anonymous, 403 for everybody without it, through for the role', async () => {
  const app = appWith({ platform: ['auditor'] });
  expect(await codeAs(app, null)).toEqual([401, 'client.unauthenticated']);
  for (const who of ['applicant', 'instructor', 'citizen']) expect(await codeAs(app, who)).toEqual([403, 'client.forbidden']);
  expect(await codeAs(app, 'auditor')).toEqual([200, undefined]);
});

test('citizen: agents and platform staff are refused', async () => {
  const app = appWith('citizen');
  for (const who of ['applicant', 'auditor']) expect(await codeAs(app, who)).toEqual([403, 'client.forbidden']);
  expect(await codeAs(app, 'citizen')).toEqual([200, undefined]);
});

test('an organisation in the path: only its agents with the role; a malformed SIRET is left to the route', async () => {
  const app = appWith({ agent: ['instructor'], scope: 'path:siret' }, '/p/{siret}');
  expect(await codeAs(app, 'instructor', `/p/${CNAF}`)).toEqual([200, undefined]);
  expect(await codeAs(app, 'instructor', `/p/${LYON}`)).toEqual([403, 'client.forbidden']);
  expect(await codeAs(app, 'applicant', `/p/${LYON}`)).toEqual([403, 'client.forbidden']);
  expect(await codeAs(app, 'citizen', `/p/${CNAF}`)).toEqual([403, 'client.forbidden']);
  expect(await codeAs(app, 'instructor', '/p/123')).toEqual([200, undefined]);
});

test('public, exchange-token and oauth-client get no control-plane guard', async () => {
  for (const a of ['public', 'exchange-token', 'oauth-client'] as const) expect(await codeAs(appWith(a), null)).toEqual([200, undefined]);
});
