import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { API_BODY, createAndImport, fixture } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { OPENAPI_IMPORT_LIMIT_BYTES: String(6 * 1024 * 1024) } });
  await seedDemoOrganisations(t.db.pool);
  await createAndImport(t.app, API_BODY);
});
afterAll(async () => {
  await t.stop();
});

async function counts(): Promise<Record<string, number>> {
  const { rows } = await t.db.pool.query(
    `SELECT (SELECT count(*) FROM catalog_endpoints)::int AS endpoints, (SELECT count(*) FROM catalog_api_versions)::int AS versions`,
  );
  return rows[0];
}

function importDoc(slug: string, text: string | Buffer, type = 'application/yaml') {
  return request(t.app).post(`/v1/catalog/apis/${slug}/openapi`).set(adminAuth).set('Content-Type', type).send(text);
}

describe('an invalid OpenAPI document is refused whole and leaves the catalogue unchanged', () => {
  const cases: [string, string | Buffer, string, RegExp][] = [
    ['not YAML', 'openapi: 3.1.0\n  info: [unclosed', 'application/yaml', /^$/],
    ['not OpenAPI (Swagger 2.0)', fixture('not-openapi.yaml'), 'application/yaml', /^\/openapi$/],
    ['a JSON array', '[1, 2, 3]', 'application/json', /^$/],
    ['broken $ref', fixture('broken-ref.yaml'), 'application/yaml', /^\/paths\/~1a\/get\/responses\/200/],
    ['duplicate operationId', fixture('duplicate-operation.yaml'), 'application/yaml', /^\/paths\/~1b\/get\/operationId$/],
    ['misspelt responses, no version', fixture('missing-responses.yaml'), 'application/yaml', /^\/(info|paths)/],
    [
      'external $ref',
      'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": { $ref: "file:///etc/passwd" }\n',
      'application/yaml',
      /\$ref$/,
    ],
    [
      'nested 100,000 levels deep',
      `openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      'application/yaml',
      /^/,
    ],
    [
      'JSON nested 100,000 levels deep',
      `{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ${'{"items":'.repeat(100_000)}{}${'}'.repeat(100_000)}}}}}}}}}`,
      'application/json',
      /^/,
    ],
    ['5 MiB of garbage', Buffer.from(Array.from({ length: 5 * 1024 * 1024 }, (_, i) => 33 + ((i * 7919) % 90))), 'text/plain', /^$/],
  ];
  for (const [name, body, type, pointer] of cases) {
    test(`${name} -> 422 client.invalid_openapi with pointers`, async () => {
      const before = await counts();
      const res = await importDoc('famille-test', body, type);
      expect([res.status, res.body.code]).toEqual([422, 'client.invalid_openapi']);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors.some((e: { pointer: string }) => pointer.test(e.pointer))).toBe(true);
      expect(await counts()).toEqual(before);
    }, 120_000);
  }

  test('broken $ref: every broken reference is listed', async () => {
    const res = await importDoc('famille-test', fixture('broken-ref.yaml'));
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/paths/~1a/get/responses/200/content/application~1json/schema',
      '/paths/~1b/get/responses/200',
    ]);
  });

  test('an unsupported media type -> 415', async () => {
    const res = await importDoc('famille-test', fixture('family-v1.yaml'), 'image/png');
    expect([res.status, res.body.code]).toEqual([415, 'client.unsupported_media_type']);
  });

  test('a document over OPENAPI_IMPORT_LIMIT_BYTES -> 413, in JSON too', async () => {
    const big = JSON.stringify({ openapi: '3.1.0', pad: 'x'.repeat(6 * 1024 * 1024 + 10) });
    const res = await importDoc('famille-test', big, 'application/json');
    expect([res.status, res.body.code]).toEqual([413, 'client.payload_too_large']);
  });
});

describe('import: every operation becomes an endpoint; versions keep the history', () => {
  test('a YAML 3.1 document imports; endpoints list their fields', async () => {
    const res = await importDoc('famille-test', fixture('family-v1.yaml'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ seq: 1, version: '1.0.0', openapiVersion: '3.1.0', endpoints: 2, diff: null });
    const eps = await request(t.app).get('/v1/catalog/apis/famille-test/endpoints').set(adminAuth);
    const foyer = eps.body.items.find((e: { operationId: string }) => e.operationId === 'getFoyer');
    expect(foyer).toMatchObject({ method: 'get', pathTemplate: '/foyers/{numero}' });
    expect(foyer.fields).toEqual(expect.arrayContaining(['/quotient_familial/valeur', '/allocataires/*/nom', '/enfants/*/prenoms/*']));
    expect(foyer.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:numero', 'query:mois']);
  });

  test('re-import of a new version: diff of endpoints and fields', async () => {
    const res = await importDoc('famille-test', fixture('family-v2.yaml'));
    expect(res.status).toBe(201);
    expect(res.body.seq).toBe(2);
    expect(res.body.diff.endpointsAdded).toEqual([{ operationId: 'getAdresse', method: 'get', pathTemplate: '/foyers/{numero}/adresse' }]);
    expect(res.body.diff.endpointsRemoved).toEqual([{ operationId: 'searchFoyer', method: 'post', pathTemplate: '/foyers/recherche' }]);
    const changed = res.body.diff.endpointsChanged[0];
    expect(changed.operationId).toBe('getFoyer');
    expect(changed.fieldsAdded).toEqual(expect.arrayContaining(['/allocataires/*/date_naissance', '/enfants/*/date_naissance']));
    expect(changed.fieldsRemoved).toEqual(['/quotient_familial/annee']);
    const versions = await request(t.app).get('/v1/catalog/apis/famille-test/versions').set(adminAuth);
    expect(versions.body.items.map((v: { seq: number }) => v.seq)).toEqual([2, 1]);
    const api = await request(t.app).get('/v1/catalog/apis/famille-test').set(adminAuth);
    expect(api.body.version).toBe('2.0.0');
  });

  test('circular references import and terminate (JSON 3.0)', async () => {
    await request(t.app)
      .post('/v1/catalog/apis')
      .set(adminAuth)
      .send({ ...API_BODY, slug: 'circulaire' });
    const res = await importDoc('circulaire', fixture('circular.json'), 'application/json');
    expect(res.status).toBe(201);
    const ep = await request(t.app).get('/v1/catalog/apis/circulaire/endpoints/getPersonne').set(adminAuth);
    expect(ep.body.fields).toEqual(expect.arrayContaining(['/nom', '/parents', '/parents/*', '/conjoint']));
    expect(JSON.stringify(ep.body.responseSchema)).toContain('x-datapedia-recursive');
  });

  test('GET openapi returns the document as imported', async () => {
    const res = await request(t.app).get('/v1/catalog/apis/famille-test/openapi').set(adminAuth);
    expect(res.body.info.version).toBe('2.0.0');
  });
});

describe('lifecycle: draft -> published -> deprecated (sunset + notice) -> retired', () => {
  test('drafts are hidden from the public; published APIs are public', async () => {
    expect((await request(t.app).get('/v1/catalog/apis/famille-test')).status).toBe(404);
    const pub = await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
    expect(pub.body.lifecycle).toBe('published');
    expect((await request(t.app).get('/v1/catalog/apis/famille-test')).status).toBe(200);
    const list = await request(t.app).get('/v1/catalog/apis');
    expect(list.body.items.map((a: { slug: string }) => a.slug)).toEqual(['famille-test']);
  });

  test('deprecating needs a sunset date and a notice', async () => {
    const bad = await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'deprecated' });
    expect([bad.status, bad.body.code]).toEqual([422, 'client.validation_failed']);
    const ok = await request(t.app)
      .post('/v1/catalog/apis/famille-test/lifecycle')
      .set(adminAuth)
      .send({ to: 'deprecated', sunsetDate: '2027-06-30', notice: 'Remplacée par la v3.' });
    expect(ok.body).toMatchObject({ lifecycle: 'deprecated', sunsetDate: '2027-06-30', deprecationNotice: 'Remplacée par la v3.' });
  });

  test('retired is final', async () => {
    await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'retired' });
    const res = await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
    expect([res.status, res.body.code]).toEqual([409, 'client.invalid_transition']);
  });

  test('publishing needs an imported document', async () => {
    await request(t.app)
      .post('/v1/catalog/apis')
      .set(adminAuth)
      .send({ ...API_BODY, slug: 'vide' });
    const res = await request(t.app).post('/v1/catalog/apis/vide/lifecycle').set(adminAuth).send({ to: 'published' });
    expect([res.status, res.body.code]).toEqual([409, 'client.invalid_transition']);
  });
});

describe('API declaration', () => {
  test('unknown field, taken slug, unknown producer', async () => {
    expect(
      (
        await request(t.app)
          .post('/v1/catalog/apis')
          .set(adminAuth)
          .send({ ...API_BODY, slug: 'x1', extra: 1 })
      ).body.code,
    ).toBe('client.validation_failed');
    expect((await request(t.app).post('/v1/catalog/apis').set(adminAuth).send(API_BODY)).body.code).toBe('client.conflict');
    expect(
      (
        await request(t.app)
          .post('/v1/catalog/apis')
          .set(adminAuth)
          .send({ ...API_BODY, slug: 'x2', producerSiret: '11000200300025' })
      ).status,
    ).toBe(404);
  });

  test('PATCH changes descriptive attributes', async () => {
    const res = await request(t.app)
      .patch('/v1/catalog/apis/circulaire')
      .set(adminAuth)
      .send({ rateLimitPerMinute: 30, documentationUrl: 'https://example.org/doc' });
    expect(res.body).toMatchObject({ rateLimitPerMinute: 30, documentationUrl: 'https://example.org/doc', title: API_BODY.title });
  });
});
