/**
 * Bounded fuzzing of every operation: each REST route (API and pages) and each GraphQL root
 * field receives hostile inputs — malformed and wrongly typed bodies, NUL bytes, huge strings,
 * bad percent-encoding, `Content-Encoding: gzip` on a plain body, unknown charsets, invalid
 * UTF-8, duplicated query parameters, form bodies with too many fields — from a caller its
 * declaration lets in (so the handler itself is reached). No answer may be a 5xx, and every
 * refusal of the API is problem+json (RFC 9457; OAuth errors on /oauth/*, RFC 6749 §5.2).
 * The multipart deposit (`POST /v1/flows/dossiers`, as the demo front office) gets hostile
 * multipart bodies besides: malformed or mismatched boundaries, truncated bodies, huge parts and
 * part headers, too many parts, wrong content types, missing, misplaced, doubled or malformed
 * fields, executables under a PDF name, random cuts and byte flips of a valid body. No 5xx, every
 * refusal problem+json, and a refused deposit writes nothing (no dossier row, no ledger event,
 * no blob, no staged file); an accepted one writes exactly one dossier.
 * Inputs come from fast-check with a fixed seed: a failure replays identically.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import type { RouteSpec } from '../../gateway/http/route.js';
import { graphqlFieldAccess } from '../../gateway/graphql/access.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { DEMO_FLOWS_CLIENTS } from '../../gateway/demo/flows.js';
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

describe('the multipart deposit', () => {
  const BOUNDARY = 'datapedia-fuzz-boundary';
  const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
  const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
  const DOSSIER = {
    procedureCode: 'aide-restauration-scolaire',
    communeCode: '69123',
    applicant: {
      kind: 'person',
      pivot: {
        given_name: 'Noé',
        family_name: 'MULLER',
        birthdate: '2000-06-11',
        gender: 'male',
        birthplace: '75118',
        birthcountry: '99100',
      },
    },
    form: { numeroAllocataire: '1234567', enfants: [{ prenom: 'Léa', ecole: 'École Jean Macé' }] },
  };
  type Part = { name: string; value: string | Buffer; filename?: string; type?: string; headers?: string[] };
  const field = (value: unknown, name = 'dossier'): Part => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) });
  const file = (value: Buffer, filename = 'avis.pdf', type = 'application/pdf'): Part => ({ name: 'piece', value, filename, type });

  /** RFC 7578 body; `eol` and `close` let a variant break the framing. */
  function multipart(parts: Part[], o: { boundary?: string; eol?: string; close?: boolean } = {}): Buffer {
    const b = o.boundary ?? BOUNDARY;
    const eol = o.eol ?? '\r\n';
    const chunks: Buffer[] = [];
    for (const p of parts) {
      const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
      const head = [`--${b}`, disposition, ...(p.type ? [`Content-Type: ${p.type}`] : []), ...(p.headers ?? []), '', ''].join(eol);
      chunks.push(Buffer.from(head), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from(eol));
    }
    if (o.close !== false) chunks.push(Buffer.from(`--${b}--${eol}`));
    return Buffer.concat(chunks);
  }
  const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
  const valid = () => multipart([field(DOSSIER), file(PDF)]);

  interface Case {
    name: string;
    type?: string;
    body: Buffer;
    headers?: Record<string, string>;
  }
  const cases: Case[] = [
    // Boundaries.
    { name: 'no boundary parameter', type: 'multipart/form-data', body: valid() },
    { name: 'empty boundary', type: 'multipart/form-data; boundary=', body: valid() },
    {
      name: 'boundary of 200 characters',
      type: `multipart/form-data; boundary=${'b'.repeat(200)}`,
      body: multipart([field(DOSSIER), file(PDF)], { boundary: 'b'.repeat(200) }),
    },
    { name: 'boundary not the body’s', type: 'multipart/form-data; boundary=autre-chose', body: valid() },
    {
      name: 'quoted boundary with separators',
      type: 'multipart/form-data; boundary="a b;c=d"',
      body: multipart([field(DOSSIER), file(PDF)], { boundary: 'a b;c=d' }),
    },
    { name: 'boundary parameter twice', type: `multipart/form-data; boundary=${BOUNDARY}; boundary=x`, body: valid() },
    { name: 'bare LF line ends', type: TYPE, body: multipart([field(DOSSIER), file(PDF)], { eol: '\n' }) },
    { name: 'no closing boundary', type: TYPE, body: multipart([field(DOSSIER), file(PDF)], { close: false }) },
    { name: 'cut inside the dossier field', type: TYPE, body: valid().subarray(0, 120) },
    { name: 'cut inside the file', type: TYPE, body: valid().subarray(0, valid().length - 30) },
    { name: 'empty body', type: TYPE, body: Buffer.alloc(0) },
    { name: 'only the closing boundary', type: TYPE, body: Buffer.from(`--${BOUNDARY}--\r\n`) },
    // Huge parts and part headers, too many parts.
    {
      name: 'dossier field of 300 KiB',
      type: TYPE,
      body: multipart([field({ ...DOSSIER, form: { ...DOSSIER.form, x: 'x'.repeat(300 * 1024) } }), file(PDF)]),
    },
    {
      name: 'attachment over the procedure’s limit',
      type: TYPE,
      body: multipart([field(DOSSIER), file(Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1)]))]),
    },
    {
      name: 'zip over the procedure’s limit',
      type: TYPE,
      body: multipart([
        field(DOSSIER),
        file(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(20 * 1024 * 1024 + 1)]), 'a.zip', 'application/zip'),
      ]),
    },
    {
      name: 'part header of 100 KiB',
      type: TYPE,
      body: multipart([field(DOSSIER), { ...file(PDF), headers: [`X-Long: ${'h'.repeat(100 * 1024)}`] }]),
    },
    {
      name: '40 header lines in a part',
      type: TYPE,
      body: multipart([field(DOSSIER), { ...file(PDF), headers: Array.from({ length: 40 }, (_, i) => `X-H${i}: v`) }]),
    },
    {
      name: '40 attachments',
      type: TYPE,
      body: multipart([field(DOSSIER), ...Array.from({ length: 40 }, (_, i) => file(PDF, `p${i}.pdf`))]),
    },
    {
      name: '6 attachments (procedure allows 5)',
      type: TYPE,
      body: multipart([field(DOSSIER), ...Array.from({ length: 6 }, (_, i) => file(PDF, `p${i}.pdf`))]),
    },
    // Wrong content types.
    { name: 'multipart/mixed', type: `multipart/mixed; boundary=${BOUNDARY}`, body: valid() },
    { name: 'JSON instead of multipart', type: 'application/json', body: Buffer.from(JSON.stringify({ dossier: DOSSIER })) },
    {
      name: 'form-urlencoded',
      type: 'application/x-www-form-urlencoded',
      body: Buffer.from(`dossier=${encodeURIComponent(JSON.stringify(DOSSIER))}`),
    },
    { name: 'text/plain', type: 'text/plain', body: valid() },
    { name: 'no content type', body: valid() },
    { name: 'gzip announced on a plain multipart body', type: TYPE, body: valid(), headers: { 'Content-Encoding': 'gzip' } },
    { name: 'an executable named .pdf', type: TYPE, body: multipart([field(DOSSIER), file(EXE)]) },
    {
      name: 'an executable declared as a PDF part',
      type: TYPE,
      body: multipart([field(DOSSIER), file(EXE, 'setup.exe', 'application/pdf')]),
    },
    {
      name: 'a PDF declared as an executable',
      type: TYPE,
      body: multipart([field(DOSSIER), file(PDF, 'a.pdf', 'application/x-msdownload')]),
    },
    { name: 'an empty attachment', type: TYPE, body: multipart([field(DOSSIER), file(Buffer.alloc(0))]) },
    // Missing, misplaced, doubled, unknown or malformed fields.
    { name: 'no dossier field', type: TYPE, body: multipart([file(PDF)]) },
    { name: 'dossier after the file', type: TYPE, body: multipart([file(PDF), field(DOSSIER)]) },
    { name: 'dossier twice', type: TYPE, body: multipart([field(DOSSIER), field(DOSSIER), file(PDF)]) },
    { name: 'unknown field', type: TYPE, body: multipart([field(DOSSIER), field('x', 'autre'), file(PDF)]) },
    { name: 'dossier not JSON', type: TYPE, body: multipart([field('{"procedureCode":'), file(PDF)]) },
    { name: 'dossier null', type: TYPE, body: multipart([field('null'), file(PDF)]) },
    { name: 'dossier an array', type: TYPE, body: multipart([field('[1,2]'), file(PDF)]) },
    { name: 'dossier without procedureCode', type: TYPE, body: multipart([field({ ...DOSSIER, procedureCode: undefined }), file(PDF)]) },
    { name: 'dossier without applicant', type: TYPE, body: multipart([field({ ...DOSSIER, applicant: undefined }), file(PDF)]) },
    { name: 'dossier without form', type: TYPE, body: multipart([field({ ...DOSSIER, form: undefined })]) },
    { name: 'procedureCode an object', type: TYPE, body: multipart([field({ ...DOSSIER, procedureCode: { $ne: 1 } }), file(PDF)]) },
    { name: 'communeCode with NUL', type: TYPE, body: multipart([field({ ...DOSSIER, communeCode: '691\u000023' }), file(PDF)]) },
    { name: 'unknown procedure', type: TYPE, body: multipart([field({ ...DOSSIER, procedureCode: 'x'.repeat(5000) }), file(PDF)]) },
    {
      name: 'dossier field as a file part',
      type: TYPE,
      body: multipart([{ name: 'dossier', value: JSON.stringify(DOSSIER), filename: 'd.json', type: 'application/json' }]),
    },
    { name: 'file name with control characters', type: TYPE, body: multipart([field(DOSSIER), file(PDF, 'a\u0007b\u001b.pdf')]) },
    { name: 'file name with NUL', type: TYPE, body: multipart([field(DOSSIER), file(PDF, 'pass\u0000wd.pdf')]) },
    {
      name: 'part without a name',
      type: TYPE,
      body: Buffer.from(valid().toString('latin1').replace('name="dossier"', 'nom="dossier"'), 'latin1'),
    },
    { name: 'field name with NUL and quotes', type: TYPE, body: multipart([field(DOSSIER, 'dos"sier\u0000'), file(PDF)]) },
    {
      name: 'invalid UTF-8 in the dossier',
      type: TYPE,
      body: multipart([
        { name: 'dossier', value: Buffer.concat([Buffer.from('{"procedureCode":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) },
      ]),
    },
  ];
  // Accepted with a hostile file name (sanitised): one dossier each, nothing else.
  const accepted: Case[] = [
    { name: 'file name with a path', type: TYPE, body: multipart([field(DOSSIER), file(PDF, '../../etc/passwd.pdf')]) },
    { name: 'file name with a Windows path', type: TYPE, body: multipart([field(DOSSIER), file(PDF, 'C:\\x\\..\\avis fiscal.pdf')]) },
    { name: 'file name of 2,000 characters', type: TYPE, body: multipart([field(DOSSIER), file(PDF, `${'n'.repeat(2000)}.pdf`)]) },
  ];
  // Random cuts and byte flips of a valid body (fixed seed).
  const base = valid();
  for (const cut of fc.sample(fc.integer({ min: 1, max: base.length - 1 }), { seed: SEED, numRuns: 12 }))
    cases.push({ name: `valid body cut at byte ${cut}`, type: TYPE, body: base.subarray(0, cut) });
  for (const [i, flips] of fc
    .sample(fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), {
      seed: SEED,
      numRuns: 12,
    })
    .entries()) {
    const body = Buffer.from(base);
    for (const [at, byte] of flips) body[at] = byte;
    cases.push({ name: `valid body with ${flips.length} byte(s) changed (#${i})`, type: TYPE, body });
  }
  for (const [i, bytes] of fc.sample(fc.uint8Array({ minLength: 0, maxLength: 2048 }), { seed: SEED, numRuns: 6 }).entries())
    cases.push({ name: `random bytes (#${i})`, type: TYPE, body: Buffer.from(bytes) });

  let token = '';
  beforeAll(async () => {
    const fo = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'front-office')!;
    const res = await request(world.t.app)
      .post('/oauth/token')
      .auth(fo.clientId, fo.secret)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    token = res.body.access_token as string;
  });

  function files(dir: string): number {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
    } catch {
      return 0;
    }
  }
  async function stored(): Promise<{ dossiers: number; events: number; blobs: number; staged: number }> {
    const pool = world.t.db.pool;
    const root = join(world.t.deps.config.DATA_DIR, 'flows');
    const [d, e] = await Promise.all([
      pool.query(`SELECT count(*)::int AS n FROM flow_dossiers`),
      pool.query(`SELECT count(*)::int AS n FROM ledger_events WHERE type LIKE 'dossier.%'`),
    ]);
    return { dossiers: d.rows[0].n, events: e.rows[0].n, blobs: files(join(root, 'blobs')), staged: files(join(root, 'staging')) };
  }

  async function deposit(c: Case, key: string): Promise<request.Response> {
    let req = request(world.t.app)
      .post('/v1/flows/dossiers')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .timeout(30_000)
      .redirects(0);
    if (c.type) req = req.set('Content-Type', c.type);
    for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
    return req.send(c.body);
  }

  test('reached with the front office’s token: a valid body is deposited (the fuzzed route is the real one)', async () => {
    const before = await stored();
    const res = await deposit({ name: 'valid', type: TYPE, body: valid() }, 'fuzz-valid');
    expect(res.status).toBe(201);
    const after = await stored();
    expect(after.dossiers).toBe(before.dossiers + 1);
  });

  test('hostile multipart bodies: no 5xx, refusals are problem+json, a refusal writes nothing', async () => {
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const before = await stored();
      let res: request.Response;
      try {
        res = await deposit(c, `fuzz-refused-${i}`);
      } catch (err) {
        // A server may close the connection after answering a body it refuses to read: only a missing answer fails.
        failures.push(`${c.name}: no HTTP answer (${(err as Error).message})`);
        continue;
      }
      const after = await stored();
      const label = `${c.name}: ${res.status} ${(res.body as { code?: string })?.code ?? ''}`;
      if (res.status >= 500) failures.push(label);
      else if (res.status === 201) {
        if (after.dossiers !== before.dossiers + 1)
          failures.push(`${label}: accepted but ${after.dossiers - before.dossiers} dossier(s) stored`);
      } else {
        if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`${label}: refusal is not problem+json`);
        if (JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`${label}: refused but wrote ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  test('hostile file names are accepted sanitised: one dossier each, the name without path or control characters', async () => {
    for (const [i, c] of accepted.entries()) {
      const before = await stored();
      const res = await deposit(c, `fuzz-accepted-${i}`);
      expect([c.name, res.status, res.body.code]).toEqual([c.name, 201, undefined]);
      expect((await stored()).dossiers).toBe(before.dossiers + 1);
      const { rows } = await world.t.db.pool.query(`SELECT filename FROM flow_attachments WHERE dossier_id = $1`, [res.body.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].filename).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(rows[0].filename.length).toBeLessThanOrEqual(255);
    }
  });
});
