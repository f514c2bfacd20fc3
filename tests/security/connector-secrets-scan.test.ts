/**
 * Connector secrets are write-only (docs/architecture.md, "Secrets"): with the demo world running
 * and every demo API bound by the operator (secrets sealed), no GET of the catalogue — REST,
 * GraphQL, pages — anonymous or as a producer's instructor, contains a seeded connector secret,
 * nor connector internals (SQL text, role names, file names, upstream addresses).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import pino from 'pino';
import { adminAuth, startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { ConnectorTargets, connectorGovernance, startDemoProducers, type DemoProducersRuntime } from '../../connectors/index.js';
import { processConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';

const CNAF = '18000100000017';
const governance = connectorGovernance(new ConnectorTargets([]), 'k'.repeat(40));
const registry = processConnectorRegistry({ governance });
const callers: Record<string, Record<string, string>> = { anonymous: {}, producer: { 'x-test-principal': 'cnaf-instructeur' } };
let t: TestApp;
let demo: DemoProducersRuntime;
let dataDir: string;
/** Every seeded connector secret, and the internals no one but the operator may read. */
const secrets: string[] = [];
const internals: string[] = [];

function collectStrings(value: unknown, path: string[], out: { path: string; value: string }[]): void {
  if (typeof value === 'string') out.push({ path: path.join('/'), value });
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectStrings(v, [...path, k], out);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dp-scan-'));
  t = await startTestApp({
    // Introspection of non-null lists nests deeper than the default GraphQL depth limit.
    env: { GRAPHQL_MAX_DEPTH: '12' },
    deps: () => ({
      connectorGovernance: governance,
      authenticators: [
        testPrincipals({
          'cnaf-instructeur': {
            kind: 'agent',
            sub: 'cnaf-instructeur',
            memberships: [{ siret: CNAF, roles: ['instructor'] }],
            platformRoles: [],
          },
        }),
      ],
      exchangeParts: { ledger: { append: async () => undefined }, connectors: registry },
    }),
  });
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  demo = await startDemoProducers({ pool: t.db.pool, dataDir, targets: governance.targets });
  for (const [slug, binding] of demo.bindings) {
    const res = await request(t.app).put(`/v1/operator/apis/${slug}/connector`).set(adminAuth).send(binding);
    expect(res.status).toBe(200);
    const strings: { path: string; value: string }[] = [];
    collectStrings(binding.config, [], strings);
    for (const s of strings) {
      if (/clientSecret$/.test(s.path)) secrets.push(s.value);
      else if (/(^|\/)(query|role|file|wsdl|baseUrl|tokenUrl|endpoint)$/.test(s.path)) internals.push(s.value);
    }
  }
}, 120000);

afterAll(async () => {
  await registry.close();
  await demo?.stop();
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every GET of the catalogue in /openapi.json, its parameters filled with the demo world's values, plus the pages. */
async function catalogueGets(): Promise<string[]> {
  const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const slugs = [...demo.bindings.keys()];
  const elements = ((await request(t.app).get('/v1/catalog/data-elements')).body.items as { id: string }[]).slice(0, 5).map((e) => e.id);
  const urls = new Set<string>([
    '/',
    '/catalogue/donnees',
    ...slugs.map((s) => `/catalogue/api/${s}`),
    ...elements.map((e) => `/catalogue/donnees/${e}`),
    '/v1/catalog/search?q=quotient',
  ]);
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!ops.get || !path.startsWith('/v1/catalog')) continue;
    const fill = (p: string, slug: string) => p.replace('{slug}', slug).replace('{id}', elements[0] ?? 'x');
    if (path.includes('{operationId}')) {
      for (const slug of slugs) {
        const endpoints = (await request(t.app).get(`/v1/catalog/apis/${slug}/endpoints`)).body.items as { operationId: string }[];
        for (const e of endpoints) urls.add(fill(path, slug).replace('{operationId}', e.operationId));
      }
    } else if (path.includes('{slug}')) for (const slug of slugs) urls.add(fill(path, slug));
    else urls.add(fill(path, slugs[0]!));
  }
  return [...urls];
}

/** One GraphQL query per field of CatalogApi (object fields with their scalar sub-fields), over `apis` and `api(slug)`. */
async function graphqlQueries(): Promise<string[]> {
  const typeOf = async (name: string) =>
    (
      await request(t.app)
        .post('/graphql')
        .set(adminAuth)
        .send({
          query: `{ __type(name: "${name}") { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
        })
    ).body.data?.__type as { fields: { name: string; args: unknown[]; type: unknown }[] } | null;
  const named = (ty: unknown): { kind: string; name: string } => {
    let x = ty as { kind: string; name: string; ofType?: unknown };
    while (x.ofType) x = x.ofType as typeof x;
    return x;
  };
  const api = await typeOf('CatalogApi');
  const queries: string[] = [];
  for (const f of api?.fields ?? []) {
    if (f.args.length) continue;
    const leaf = named(f.type);
    let selection = f.name;
    if (leaf.kind === 'OBJECT') {
      const sub = await typeOf(leaf.name);
      const scalars = (sub?.fields ?? []).filter((g) => !g.args.length && named(g.type).kind !== 'OBJECT').map((g) => g.name);
      selection = `${f.name} { ${scalars.join(' ')} }`;
    }
    queries.push(`{ apis { slug ${selection} } }`);
    for (const slug of demo.bindings.keys()) queries.push(`{ api(slug: "${slug}") { slug ${selection} } }`);
  }
  return queries;
}

describe('no catalogue read returns a connector secret or connector internals', () => {
  it('seeded the demo bindings with real secrets and internals', () => {
    expect(secrets).toContain('demo-secret-cnaf-0123456789');
    expect(internals.some((s) => /legacy_emploi/.test(s))).toBe(true);
  });

  it('REST GETs and pages, anonymous and as a producer', async () => {
    const urls = await catalogueGets();
    expect(urls.length).toBeGreaterThan(20);
    for (const [who, headers] of Object.entries(callers)) {
      for (const url of urls) {
        const res = await request(t.app).get(url).set(headers);
        expect(res.status).toBeLessThan(500);
        for (const s of secrets) expect({ who, url, leaks: res.text.includes(s) }).toEqual({ who, url, leaks: false });
        for (const s of internals)
          expect({ who, url, internal: s, leaks: res.text.includes(s) }).toEqual({ who, url, internal: s, leaks: false });
      }
    }
  }, 120000);

  it('GraphQL catalogue fields, anonymous and as a producer', async () => {
    const queries = await graphqlQueries();
    expect(queries.length).toBeGreaterThan(10);
    for (const [who, headers] of Object.entries(callers)) {
      for (const query of queries) {
        const res = await request(t.app).post('/graphql').set(headers).send({ query });
        expect(res.status).toBeLessThan(500);
        for (const s of [...secrets, ...internals])
          expect({ who, query, leaks: res.text.includes(s) }).toEqual({ who, query, leaks: false });
      }
    }
  }, 120000);

  it('the operator reads the bindings with every secret as {"set": true}', async () => {
    for (const slug of demo.bindings.keys()) {
      const res = await request(t.app).get(`/v1/operator/apis/${slug}/connector`).set(adminAuth);
      expect(res.body.bound).toBe(true);
      for (const s of secrets) expect(res.text).not.toContain(s);
    }
    const { rows } = await t.db.pool.query<{ c: string }>('SELECT connector::text AS c FROM catalog_apis WHERE connector IS NOT NULL');
    expect(rows.length).toBe(demo.bindings.size);
    for (const r of rows) for (const s of secrets) expect(r.c).not.toContain(s);
  });
});
