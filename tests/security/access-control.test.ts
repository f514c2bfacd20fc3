/**
 * A security test for every operation: each REST route (every one listed in /openapi.json, and
 * the pages) and each GraphQL root field is tried, on the demo world with real sessions, by
 * nobody, by a consumer's exchange token (genuine and forged), by a citizen, by agents of the
 * right and of another organisation, with the right and the wrong role, and by platform staff;
 * each answer must be what the operation's access declaration promises (gateway/http/access.ts).
 * An operation without a declaration, or not exercised here, fails the suite.
 */
import request from 'supertest';
import type { RouteSpec } from '../../gateway/http/route.js';
import type { RouteAccess } from '../../gateway/http/access.js';
import { graphqlFieldAccess } from '../../gateway/graphql/access.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { startDemoWorld, type DemoWorld } from '../exchange/demo-world.js';
import { loginAs } from '../helpers/login.js';
import { EMBEDDED_ISSUER_ALIAS, insertMembership } from '../../identity/index.js';
import { expectedAccess, type Expectation, type Persona, type ScopeSamples } from '../helpers/security.js';

const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
const API = 'cnaf-quotient-familial';
const DEMO = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === API)!;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** Pages that answer anonymous visitors with their own login prompt rather than a redirect (tests/web/moi-page.test.ts). */
const OWN_LOGIN_PROMPT = new Set(['webMoi']);
/** Session accounts of the embedded provider, by persona name. */
const ACCOUNTS: Record<string, string> = {
  citizen: 'citoyen-1',
  lyonApplicant: 'ville-lyon-demandeur',
  girondeApplicant: 'departement-gironde-demandeur',
  cnafInstructor: 'cnaf-instructeur',
  dgfipInstructor: 'dgfip-instructeur',
  auditor: 'auditeur',
  platformAdmin: 'admin',
  // An organisation's admin (the CROUS's, granted below): refused on every other organisation's agents.
  crousAdmin: 'crous-paris-demandeur',
};

let world: DemoWorld;
let personas: Persona[] = [];
let contractId = '';
const exercised = new Set<string>();

beforeAll(async () => {
  world = await startDemoWorld('security-access');
  const { t } = world;
  const token = await request(t.app)
    .post('/oauth/token')
    .auth(DEMO.clientId, DEMO.secret)
    .type('form')
    .send({ grant_type: 'client_credentials' });
  if (token.status !== 200) throw new Error(`no exchange token: ${token.status} ${token.text}`);
  personas = [
    { name: 'anonymous', headers: {}, principal: null },
    {
      name: 'exchangeToken',
      headers: { Authorization: `Bearer ${token.body.access_token as string}` },
      principal: null,
      exchangeToken: true,
    },
    {
      name: 'forgedToken',
      headers: { Authorization: `Bearer ${forge(token.body.access_token as string)}` },
      principal: null,
      exchangeToken: true,
      forged: true,
    },
  ];
  await insertMembership(t.db.pool, {
    issuer: EMBEDDED_ISSUER_ALIAS,
    sub: 'crous-paris-demandeur',
    email: null,
    siret: DEMO_ORGANISATIONS.crousParis.siret,
    roles: ['admin'],
  });
  for (const [name, account] of Object.entries(ACCOUNTS)) {
    const me = await loginAs(t, account);
    const session = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    personas.push({ name, headers: { Cookie: me.cookie }, csrfToken: me.csrfToken, principal: session.body });
  }
  const lyon = personas.find((p) => p.name === 'lyonApplicant')!;
  const list = await request(t.app).get('/v1/contracts?side=consumer').set(lyon.headers);
  contractId = (list.body.items as { id: string; apiSlug: string }[]).find((c) => c.apiSlug === API)!.id;
}, 180_000);
afterAll(async () => {
  await world?.stop();
});

/** The same token with its payload changed (signature kept): what an attacker without the key can make. */
function forge(jwt: string): string {
  const [h, p, sig] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  return [h, Buffer.from(JSON.stringify({ ...claims, scope: 'admin', exp: Number(claims.exp) + 86_400 })).toString('base64url'), sig].join(
    '.',
  );
}

const samples: ScopeSamples = {
  siret: (param) => (param === 'organisation' ? LYON : CNAF),
  apiProducer: CNAF,
  resourceParties: [LYON, CNAF],
  bodyOrganisation: LYON,
};

/** A concrete URL for a route: sample values for its path parameters, and the scope's query parameter. */
function urlOf(r: RouteSpec): string {
  const contractPath = /^\/(v1\/contracts|espace\/habilitations)\/\{id\}/.test(r.path);
  let url = r.path
    .replace('{siret}', CNAF)
    .replace('{slug}', API)
    .replace('{apiSlug}', API)
    .replace('{path*}', 'v1/quotient-familial')
    .replace('{clientId}', DEMO.clientId)
    .replace('{id}', contractPath ? contractId : UNKNOWN_ID)
    // Each area's own vocabulary: an unknown action is no route at all (404 client.route_not_found).
    .replace('{action}', r.path.startsWith('/v1/flows/') ? 'suspend' : 'suspendre')
    .replace('{decision}', 'refuser')
    .replace(/\{[A-Za-z]+\}/g, 'x');
  const a = r.access;
  if (a && typeof a === 'object' && 'agent' in a && a.scope.startsWith('query:'))
    url += `?${a.scope.slice(6)}=${samples.siret(a.scope.slice(6))}`;
  return url;
}

const CONSENT_REQUEST = {
  consumerSiret: LYON,
  subject: { kind: 'company', siren: '130025265' },
  apiSlug: API,
  purpose: 'Contrôle d’accès',
  durationDays: 30,
};

/** A valid body naming Lyon, for routes whose organisation is the body's (another organisation must be refused, not merely invalid). */
function bodyNamingLyon(r: RouteSpec): object {
  if (r.operationId === 'createConsentRequest') return CONSENT_REQUEST;
  if (r.operationId === 'createCatalogApi') return { producerSiret: LYON, slug: 'api-de-lyon', title: 'API de Lyon' };
  // The counter's writes name the organisation they act for (gateway/rest/counter.ts).
  if (['createUseCase', 'createNeed', 'supportNeed', 'answerNeed'].includes(r.operationId)) return { organisationSiret: LYON };
  return { consumerSiret: LYON, apiSlug: API };
}

function send(r: RouteSpec, persona: Persona): request.Test {
  const { t } = world;
  let req = request(t.app)[r.method](urlOf(r)).set(persona.headers).redirects(0);
  if (r.method === 'get') return req;
  if (persona.csrfToken) req = req.set('X-CSRF-Token', persona.csrfToken);
  const type = r.requestBody?.contentType ?? (r.hidden ? 'application/x-www-form-urlencoded' : 'application/json');
  if (type === 'application/x-www-form-urlencoded')
    return req.type('form').send(r.path.startsWith('/oauth/') ? { grant_type: 'client_credentials', token: 'x' } : {});
  if (type !== 'application/json') return req.set('Content-Type', type).send('openapi: 3.1.0\n');
  const a = r.access;
  return req.send(a && typeof a === 'object' && 'agent' in a && a.scope === 'body-organisation' ? bodyNamingLyon(r) : {});
}

function codeOf(res: request.Response): string | undefined {
  return (res.body as { code?: string; error?: string } | undefined)?.code ?? (res.body as { error?: string } | undefined)?.error;
}

/** Checks one answer against the declaration; returns a failure message or null. */
function judge(
  r: { id: string; hidden?: boolean; method: string; access: RouteAccess },
  persona: Persona,
  exp: Expectation,
  res: request.Response,
): string | null {
  const label = `${r.id} as ${persona.name}: ${res.status} ${codeOf(res) ?? res.headers.location ?? ''}`;
  const loginRedirect = res.status === 302 && /^\/connexion\?retour=/.test(res.headers.location ?? '');
  if (exp.allow) {
    if (r.access === 'public' && persona.exchangeToken && res.status === 401 && codeOf(res) === 'client.invalid_token') return null;
    if (res.status === 401 || loginRedirect || (res.status === 403 && codeOf(res) === 'client.forbidden'))
      return `${label}: refused, but the declaration lets it in`;
    return null;
  }
  if (r.hidden && !persona.principal && !persona.exchangeToken) {
    if (loginRedirect || (res.status === 401 && codeOf(res) === 'client.unauthenticated')) return null;
    if (OWN_LOGIN_PROMPT.has(r.id) && res.status === 200) return null;
    return `${label}: expected the login page or 401`;
  }
  if (!exp.status.includes(res.status)) return `${label}: expected ${exp.status.join('/')} ${exp.codes.join('|')}`;
  const isProblem = /^application\/problem\+json/.test(res.headers['content-type'] ?? '');
  const isOAuth = r.access === 'oauth-client' && /^application\/json/.test(res.headers['content-type'] ?? '');
  if (!isProblem && !isOAuth && !(r.hidden && res.status === 403))
    return `${label}: a refusal must be problem+json (got ${res.headers['content-type']})`;
  if ((isProblem || isOAuth) && !exp.codes.includes(codeOf(res) ?? '')) return `${label}: expected ${exp.codes.join('|')}`;
  return null;
}

describe('every REST route declares who may call it', () => {
  test('every route registered (documented in /openapi.json or a page) has an access declaration', async () => {
    const missing = world.t.routes.filter((r) => !r.access).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  test('every operation of /openapi.json is a registered route', async () => {
    const doc = (await request(world.t.app).get('/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const known = new Set(world.t.routes.map((r) => r.operationId));
    const documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((id) => !known.has(id))).toEqual([]);
  });
});

describe('each REST route refuses whoever its declaration excludes', () => {
  test('no credentials, an exchange token, a citizen, another organisation, the wrong role, platform staff', async () => {
    const failures: string[] = [];
    // Refusals first, on every route; then the allowed reads (a write refused by mistake fails here too).
    for (const r of world.t.routes) {
      if (!r.access) continue;
      for (const persona of personas) {
        const exp = expectedAccess(r.access, persona, samples);
        // Writes are only tried where they must be refused: no side effects (a logout would end the persona's session).
        if (exp.allow && r.method !== 'get') continue;
        const res = await send(r, persona);
        const failure = judge({ id: r.operationId, hidden: r.hidden, method: r.method, access: r.access }, persona, exp, res);
        if (failure) failures.push(failure);
      }
      exercised.add(`REST ${r.operationId}`);
    }
    expect(failures).toEqual([]);
  }, 600_000); // every route × every persona, one request each: generous on a loaded machine
});

/* --------------------------------------------------------------------------------- GraphQL */

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType }[];
  type: IntrospectedType;
}

const INTROSPECT = `{ __schema { queryType { fields { ...F } } mutationType { fields { ...F } } } }
fragment F on __Field { name args { name type { ...T } } type { ...T } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

function named(t: IntrospectedType): IntrospectedType {
  return t.ofType ? named(t.ofType) : t;
}

/** A literal for an argument, chosen by its name and type (the scope's samples where they matter). */
function literal(name: string, t: IntrospectedType): string {
  const n = named(t);
  if (n.kind === 'INPUT_OBJECT') return '{}';
  if (n.name === 'ConsentJSON')
    return `{ consumerSiret: "${LYON}", subject: { kind: "company", siren: "130025265" }, apiSlug: "${API}", purpose: "Contrôle d’accès", durationDays: 30 }`;
  if (n.name === 'Int') return '1';
  if (n.name === 'Boolean') return 'true';
  if (n.name === 'Float') return '1.0';
  if (name === 'organisation' || name === 'consumerSiret') return `"${LYON}"`;
  if (name === 'siret' || name === 'producer') return `"${CNAF}"`;
  if (name === 'slug' || name === 'apiSlug') return `"${API}"`;
  if (name === 'id') return `"${contractId}"`;
  if (name === 'formJson') return '"{}"';
  return '"x"';
}

function operationOf(type: 'Query' | 'Mutation', f: IntrospectedField): string {
  const required = f.args.filter((a) => a.type.kind === 'NON_NULL' || a.name === 'organisation');
  const args = required.length ? `(${required.map((a) => `${a.name}: ${literal(a.name, a.type)}`).join(', ')})` : '';
  const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(f.type).kind) ? ' { __typename }' : '';
  return `${type === 'Query' ? 'query' : 'mutation'} { ${f.name}${args}${selection} }`;
}

describe('each GraphQL root field declares who may call it and refuses the others', () => {
  let fields: { type: 'Query' | 'Mutation'; field: IntrospectedField }[] = [];
  beforeAll(async () => {
    const admin = personas.find((p) => p.name === 'platformAdmin')!;
    const res = await request(world.t.app)
      .post('/graphql')
      .set(admin.headers)
      .set('X-CSRF-Token', admin.csrfToken!)
      .send({ query: INTROSPECT });
    const s = res.body.data.__schema as { queryType: { fields: IntrospectedField[] }; mutationType: { fields: IntrospectedField[] } };
    fields = [
      ...s.queryType.fields.map((field) => ({ type: 'Query' as const, field })),
      ...s.mutationType.fields.map((field) => ({ type: 'Mutation' as const, field })),
    ];
  });

  test('every Query and Mutation field has an access declaration', () => {
    const declared = graphqlFieldAccess();
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.map((f) => `${f.type}.${f.field.name}`).filter((k) => !declared.has(k))).toEqual([]);
  });

  test('no credentials, an exchange token, a citizen, another organisation, the wrong role, platform staff', async () => {
    const declared = graphqlFieldAccess();
    const failures: string[] = [];
    for (const { type, field } of fields) {
      const id = `${type}.${field.name}`;
      const access = declared.get(id);
      if (!access) continue;
      const query = operationOf(type, field);
      for (const persona of personas) {
        const exp = expectedAccess(access, persona, samples);
        if (exp.allow && type === 'Mutation') continue;
        let req = request(world.t.app).post('/graphql').set(persona.headers);
        if (persona.csrfToken) req = req.set('X-CSRF-Token', persona.csrfToken);
        const res = await req.send({ query });
        const errorCode = (res.body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
        const code = (res.body as { code?: string }).code ?? errorCode;
        const label = `${id} as ${persona.name}: ${res.status} ${code ?? ''}`;
        if (exp.allow) {
          if (access === 'public' && persona.exchangeToken && res.status === 401) continue;
          if (code === 'client.unauthenticated' || code === 'client.forbidden' || res.status === 401)
            failures.push(`${label}: refused, but the declaration lets it in`);
          continue;
        }
        if (!exp.codes.includes(code ?? '')) failures.push(`${label}: expected ${exp.codes.join('|')}`);
      }
      exercised.add(`GraphQL ${id}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

test('every operation was exercised (REST routes and GraphQL root fields)', () => {
  const routes = world.t.routes.map((r) => `REST ${r.operationId}`);
  const graphql = [...graphqlFieldAccess().keys()].map((k) => `GraphQL ${k}`);
  expect([...routes, ...graphql].filter((k) => !exercised.has(k))).toEqual([]);
});
