import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { listEndpoints, listSchemaFields } from '../../catalog/index.js';
import { API_BODY, SPECS_DIR } from './helpers.js';

/**
 * The public OpenAPI files of API Particulier and API Entreprise (`../shared/specs/`) import
 * without loss. They are never copied into the repository; where the folder is absent the suite
 * is skipped with a message.
 */
const present = existsSync(join(SPECS_DIR, 'api-particulier.openapi.yaml')) && existsSync(join(SPECS_DIR, 'api-entreprise.openapi.yaml'));
if (!present) console.warn(`tests/catalog/real-specs: skipped — ${SPECS_DIR} (../shared/specs) is absent`);
const describeIfSpecs = present ? describe : describe.skip;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
type Doc = {
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components?: unknown;
};

function operationsOf(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`));
}

/** Resolves `$ref`s of the raw document independently of the importer (the test's own oracle). */
function deref(doc: unknown, node: unknown, seen: Set<string> = new Set()): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(doc, n, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref)) return {};
    const target = ref
      .slice(2)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, t) => (n as Record<string, unknown>)?.[t], doc);
    return deref(doc, target, new Set([...seen, ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(doc, v, seen)]));
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { OPENAPI_IMPORT_LIMIT_BYTES: String(16 * 1024 * 1024) } });
  await seedDemoOrganisations(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

describeIfSpecs('real producer documents import without loss', () => {
  for (const [name, slug, paths] of [
    ['api-particulier', 'api-particulier', 36],
    ['api-entreprise', 'api-entreprise', 52],
  ] as const) {
    test(`${name}: every path and operation is an endpoint; response fields of a sample are listed`, async () => {
      const text = readFileSync(join(SPECS_DIR, `${name}.openapi.yaml`), 'utf8');
      const doc = YAML.parse(text) as Doc;
      expect(Object.keys(doc.paths)).toHaveLength(paths);
      await request(t.app)
        .post('/v1/catalog/apis')
        .set(adminAuth)
        .send({ ...API_BODY, slug, title: name });
      const res = await request(t.app)
        .post(`/v1/catalog/apis/${slug}/openapi`)
        .set(adminAuth)
        .set('Content-Type', 'application/yaml')
        .send(text);
      expect(res.status).toBe(201);
      const endpoints = await listEndpoints(t.db.pool, slug);
      expect(endpoints.map((e) => `${e.method} ${e.pathTemplate}`).sort()).toEqual(operationsOf(doc).sort());
      const declaredIds = Object.values(doc.paths).flatMap((item) => METHODS.map((m) => item[m]?.operationId).filter(Boolean));
      expect(endpoints.map((e) => e.operationId)).toEqual(expect.arrayContaining(declaredIds as string[]));
      // Sample: every 5th operation with a JSON success response; the oracle lists fields itself.
      const sample = endpoints.filter((_, i) => i % 5 === 0);
      let checked = 0;
      for (const e of sample) {
        const op = doc.paths[e.pathTemplate]![e.method]!;
        const ok = Object.keys(op.responses ?? {})
          .filter((c) => /^2\d\d$/.test(c))
          .sort()[0];
        const schema = ok ? (deref(doc, op.responses![ok]) as { content?: Record<string, { schema?: unknown }> }) : undefined;
        const json = schema?.content?.['application/json']?.schema;
        if (!json) continue;
        const expected = listSchemaFields(json);
        expect(expected.length).toBeGreaterThan(0);
        expect(e.fields).toEqual(expect.arrayContaining(expected));
        checked++;
      }
      expect(checked).toBeGreaterThan(3);
    }, 120000);
  }
});
