/**
 * Bounded fuzzing of every operation: each REST route (API and pages) and each GraphQL root
 * field receives hostile inputs — malformed and wrongly typed bodies, NUL bytes, huge strings,
 * bad percent-encoding, `Content-Encoding: gzip` on a plain body, unknown charsets, invalid
 * UTF-8, duplicated query parameters, form bodies with too many fields — from a caller its
 * declaration lets in (so the handler itself is reached). No answer may be a 5xx, and every
 * refusal of the API is problem+json (RFC 9457; OAuth errors on /oauth/*, RFC 6749 §5.2).
 * Inputs come from fast-check with a fixed seed: a failure replays identically.
 */
import fc from 'fast-check';
import request from 'supertest';
import type { RouteSpec } from '../../gateway/http/route.js';
import { graphqlFieldAccess } from '../../gateway/graphql/access.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { adminAuth } from '../helpers/app.js';
import { loginAs } from '../helpers/login.js';
import { expectedAccess, type Persona, type ScopeSamples } from '../helpers/security.js';
import { startDemoWorld, type DemoWorld } from '../exchange/demo-world.js';

const SEED = 20261129;
const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
const API = 'cnaf-quotient-familial';
/** Hostile variants sent to each operation (round robin over the list, so every kind reaches every surface). */
const PER_ROUTE = 5;
/** Operations a fuzzed input must not reach with a live session: it would end the session the suite runs with. */
const SESSION_ENDING = new Set(['logout']);

let world: DemoWorld;
let personas: Persona[] = [];
const samples: ScopeSamples = {
  siret: (p) => (p === 'organisation' ? LYON : CNAF),
  apiProducer: CNAF,
  resourceParties: [LYON, CNAF],
  bodyOrganisation: LYON,
};

beforeAll(async () => {
  world = await startDemoWorld('security-fuzz');
  personas = [{ name: 'operator', headers: { ...adminAuth }, principal: { kind: 'service', memberships: [], platformRoles: ['admin'] } }];
  for (const account of ['auditeur', 'citoyen-1', 'ville-lyon-demandeur', 'cnaf-instructeur']) {
    const me = await loginAs(world.t, account);
    const session = await request(world.t.app).get('/auth/session').set('Cookie', me.cookie);
    personas.push({ name: account, headers: { Cookie: me.cookie }, csrfToken: me.csrfToken, principal: session.body });
  }
  personas.push({ name: 'anonymous', headers: {}, principal: null });
}, 180_000);
afterAll(async () => {
  await world?.stop();
});

/** The first persona the declaration lets in (anonymous when none does: the guard is then what is fuzzed). */
function callerFor(r: { access?: RouteSpec['access']; operationId?: string }): Persona {
  if (!r.access || SESSION_ENDING.has(r.operationId ?? '')) return personas.at(-1)!;
  return personas.find((p) => expectedAccess(r.access!, p, samples).allow) ?? personas.at(-1)!;
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u202e\u0000',
    '../../etc/passwd',
    '%00',
    '\uffff',
    '\ud800',
    "'; SELECT pg_sleep(1); --",
    '<script>alert(1)</script>',
  ),
  fc.constant('x'.repeat(20_000)),
);
const wrongTypes = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6 }),
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileString, fc.anything({ maxDepth: 2 }), { maxKeys: 6 }),
);

interface Variant {
  name: string;
  build(url: string, r?: RouteSpec): { url: string; headers?: Record<string, string>; body?: string | Buffer | object; json?: boolean };
}

/** Fixed-seed samples of the generators, so that each variant is the same on every run. */
const strings = fc.sample(hostileString, { seed: SEED, numRuns: 64 });
const values = fc.sample(wrongTypes, { seed: SEED, numRuns: 64 });
const pick = <T>(xs: T[], i: number): T => xs[i % xs.length]!;

/** The route's own body fields (from its request schema), each given a value of the wrong type. */
function mistyped(r: RouteSpec | undefined, seed: number): object {
  const props = (r?.requestBody?.schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? { name: null, id: null };
  return Object.fromEntries(Object.keys(props).map((k, j) => [k, pick(values, seed + j)]));
}

function withQuery(url: string, q: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${q}`;
}

const VARIANTS: Variant[] = [
  { name: 'malformed JSON', build: (url) => ({ url, headers: { 'Content-Type': 'application/json' }, body: '{"a": [1, 2,' }) },
  { name: 'wrong types', build: (url) => ({ url, json: true, body: { value: pick(values, url.length) } }) },
  { name: 'wrong types for the declared fields', build: (url, r) => ({ url, json: true, body: mistyped(r, url.length) }) },
  {
    name: 'NUL bytes in the query',
    build: (url) => ({ url: withQuery(url, 'limit=%00&cursor=a%00b&q=%00&format=%00&organisation=%00&side=%00&id=%00') }),
  },
  {
    name: 'huge strings',
    build: (url) => ({
      url: withQuery(url, `q=${'x'.repeat(8_000)}&cursor=${'y'.repeat(8_000)}`),
      json: true,
      body: { name: 'x'.repeat(200_000), reason: pick(strings, url.length) },
    }),
  },
  { name: 'bad percent-encoding', build: (url) => ({ url: withQuery(url.replace(/\/([^/?]+)$/, '/%E0%A4%A'), 'x=%zz&y=%') }) },
  {
    name: 'gzip announced, plain body',
    build: (url) => ({ url, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: '{"a":1}' }),
  },
  {
    name: 'unknown charset',
    build: (url) => ({ url, headers: { 'Content-Type': 'application/json; charset=ebcdic-cp-us' }, body: '{"a":1}' }),
  },
  {
    name: 'invalid UTF-8',
    build: (url) => ({
      url,
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
    }),
  },
  {
    name: 'duplicated query parameters',
    build: (url) => ({
      url: withQuery(url, 'limit=1&limit=2&cursor=a&cursor=b&organisation=1&organisation=2&format=csv&format=json&side=a&side=b&q=a&q=b'),
    }),
  },
  {
    name: 'form with too many fields',
    build: (url) => ({
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Array.from({ length: 1_200 }, (_, i) => `f${i}=${i}`).join('&'),
    }),
  },
];

function sampleUrl(r: RouteSpec): string {
  return r.path
    .replace('{siret}', CNAF)
    .replace('{slug}', API)
    .replace('{apiSlug}', API)
    .replace('{path*}', 'v1/quotient-familial')
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace(/\{[A-Za-z]+\}/g, 'x');
}

async function fire(method: string, v: ReturnType<Variant['build']>, caller: Persona): Promise<request.Response> {
  let req = (request(world.t.app) as unknown as Record<string, (u: string) => request.Test>)[method]!(v.url)
    .set(caller.headers)
    .redirects(0);
  if (caller.csrfToken) req = req.set('X-CSRF-Token', caller.csrfToken);
  for (const [k, val] of Object.entries(v.headers ?? {})) req = req.set(k, val);
  if (method === 'get' || v.body === undefined) return req;
  return v.json ? req.send(v.body as object) : req.send(v.body as string);
}

function verdict(r: { id: string; hidden?: boolean; oauth?: boolean }, variant: string, res: request.Response): string | null {
  const label = `${r.id} <- ${variant}: ${res.status} ${(res.body as { code?: string })?.code ?? ''}`;
  if (res.status >= 500) return label;
  if (res.status < 400 || r.hidden) return null;
  const type = res.headers['content-type'] ?? '';
  if (r.oauth && /^application\/json/.test(type) && (res.body as { error?: string }).error) return null;
  return /^application\/problem\+json/.test(type) ? null : `${label}: refusal is ${type || 'untyped'}, not problem+json`;
}

test('every REST operation: hostile inputs never get a 5xx, refusals are problem+json', async () => {
  const failures: string[] = [];
  let sent = 0;
  const routes = world.t.routes;
  for (const [i, r] of routes.entries()) {
    const caller = callerFor(r);
    for (let k = 0; k < PER_ROUTE; k++) {
      const variant = VARIANTS[(i + k * 3) % VARIANTS.length]!;
      sent++;
      let res: request.Response;
      try {
        res = await fire(r.method, variant.build(sampleUrl(r), r), caller);
      } catch (err) {
        failures.push(`${r.method.toUpperCase()} ${r.path} <- ${variant.name}: no HTTP answer (${(err as Error).message})`);
        continue;
      }
      const failure = verdict(
        { id: `${r.method.toUpperCase()} ${r.path} as ${caller.name}`, hidden: r.hidden, oauth: r.access === 'oauth-client' },
        variant.name,
        res,
      );
      if (failure) failures.push(failure);
    }
  }
  expect(sent).toBeGreaterThanOrEqual(routes.length * PER_ROUTE);
  expect(failures).toEqual([]);
}, 120_000);

test('every GraphQL root field: hostile arguments and documents never get a 5xx', async () => {
  const failures: string[] = [];
  const fields = [...graphqlFieldAccess()].filter(([k]) => !k.endsWith('._noop') && !k.endsWith('._version'));
  for (const [i, [key, access]] of fields.entries()) {
    const [type, name] = key.split('.') as ['Query' | 'Mutation', string];
    const caller = callerFor({ access, operationId: name });
    const s = JSON.stringify(pick(strings, i));
    const documents = [
      // Arguments of the wrong type and hostile strings for every argument name the schema uses.
      `${type === 'Query' ? 'query' : 'mutation'} { ${name}(id: ${s}, slug: ${s}, siret: ${s}, organisation: ${s}, cursor: ${s}, limit: -1) { __typename } }`,
      `${type === 'Query' ? 'query' : 'mutation'} { ${name}(id: "\\u0000", limit: 99999999999) }`,
    ];
    for (const query of documents) {
      let req = request(world.t.app).post('/graphql').set(caller.headers);
      if (caller.csrfToken) req = req.set('X-CSRF-Token', caller.csrfToken);
      const res = await req.send({ query, variables: pick(values, i) });
      if (res.status >= 500) failures.push(`${key} <- ${query.slice(0, 80)}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      const codes = ((res.body as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map((e) => e.extensions?.code ?? '');
      if (codes.some((c) => c.startsWith('gateway.'))) failures.push(`${key} <- ${query.slice(0, 80)}: ${codes.join(',')}`);
    }
  }
  // The transport itself: malformed JSON, gzip announced on a plain body, duplicated query parameters on GET.
  const raw = [
    request(world.t.app).post('/graphql').set('Content-Type', 'application/json').send('{"query": "{ _version'),
    request(world.t.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"query":"{ _version }"}'),
    request(world.t.app).get('/graphql?query=%7B_version%7D&query=%7B_version%7D').set('Apollo-Require-Preflight', 'true'),
    request(world.t.app).get('/graphql?query=%7B_version%00%7D').set('Apollo-Require-Preflight', 'true'),
  ];
  for (const [i, pending] of raw.entries()) {
    const res = await pending;
    if (res.status >= 500) failures.push(`/graphql transport variant ${i}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  expect(failures).toEqual([]);
}, 60_000);
