import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import {
  createEndpointResolver,
  dataElementsForFields,
  importOpenApi,
  putDataElement,
  resolveEndpoint,
  DATA_ELEMENTS,
} from '../../catalog/index.js';
import { API_BODY, CNAF, DINUM, createAndImport, fixture } from './helpers.js';
import { eventually } from '../helpers/eventually.js';

const principals = testPrincipals({
  cnafInstructor: { kind: 'agent', sub: 'agent-cnaf', memberships: [{ siret: CNAF, roles: ['instructor'] }], platformRoles: [] },
  dinumAdmin: { kind: 'agent', sub: 'agent-dinum', memberships: [{ siret: DINUM, roles: ['admin'] }], platformRoles: [] },
});
const as = (name: string) => ({ 'X-Test-Principal': name });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [principals] } });
  await seedDemoOrganisations(t.db.pool);
  await createAndImport(t.app, API_BODY, 'family-v1.yaml');
});
afterAll(async () => {
  await t.stop();
});

describe('scopes are field masks: every pointer must name a response field', () => {
  test('a scope pointing to no field is refused with client.invalid_scope, nothing stored', async () => {
    const res = await request(t.app)
      .put('/v1/catalog/apis/famille-test/scopes')
      .set(as('cnafInstructor'))
      .send({ scopes: [{ name: 'qf', label: 'Quotient familial', pointers: ['/quotient_familial', '/nulle_part'] }] });
    expect([res.status, res.body.code]).toEqual([422, 'client.invalid_scope']);
    expect(res.body.errors).toEqual([{ pointer: '/scopes/0/pointers/1', detail: expect.any(String) }]);
    expect((await request(t.app).get('/v1/catalog/apis/famille-test/scopes').set(adminAuth)).body.items).toEqual([]);
  });

  test('the producer’s instructor declares scopes (array items with *)', async () => {
    const res = await request(t.app)
      .put('/v1/catalog/apis/famille-test/scopes')
      .set(as('cnafInstructor'))
      .send({
        scopes: [
          { name: 'qf', label: 'Quotient familial', pointers: ['/quotient_familial'] },
          { name: 'enfants', label: 'Enfants', pointers: ['/enfants/*/nom', '/enfants/*/prenoms'] },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { name: string }) => s.name)).toEqual(['enfants', 'qf']);
  });

  test('another organisation may not change them (403), anonymous gets 401', async () => {
    const body = { scopes: [{ name: 'qf', label: 'x', pointers: ['/quotient_familial'] }] };
    const other = await request(t.app).put('/v1/catalog/apis/famille-test/scopes').set(as('dinumAdmin')).send(body);
    expect([other.status, other.body.code]).toEqual([404, 'client.not_found']); // a draft of someone else is invisible
    await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
    const forbidden = await request(t.app).put('/v1/catalog/apis/famille-test/scopes').set(as('dinumAdmin')).send(body);
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'client.forbidden']);
    const anonymous = await request(t.app).put('/v1/catalog/apis/famille-test/scopes').send(body);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'client.unauthenticated']);
    const importAnon = await request(t.app)
      .post('/v1/catalog/apis/famille-test/openapi')
      .set('Content-Type', 'application/yaml')
      .send('x: 1');
    expect(importAnon.status).toBe(401);
  });

  test('a producer may only declare APIs of its own organisation', async () => {
    const res = await request(t.app)
      .post('/v1/catalog/apis')
      .set(as('dinumAdmin'))
      .send({ ...API_BODY, slug: 'usurpation' });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  });
});

describe('field links to the data dictionary', () => {
  beforeAll(async () => {
    for (const e of DATA_ELEMENTS) await putDataElement(t.db.pool, e);
  });

  test('links name existing fields and elements, else 422 and nothing changes', async () => {
    const bad = await request(t.app)
      .put('/v1/catalog/apis/famille-test/fields')
      .set(adminAuth)
      .send({ fields: { '/quotient_familial/valeur': 'inconnue', '/absent': 'siren' } });
    expect([bad.status, bad.body.code]).toEqual([422, 'client.validation_failed']);
    expect(bad.body.errors).toHaveLength(2);
    const ok = await request(t.app)
      .put('/v1/catalog/apis/famille-test/fields')
      .set(adminAuth)
      .send({ fields: { '/quotient_familial/valeur': 'quotient_familial', '/enfants': 'composition_foyer_enfants' } });
    expect(ok.status).toBe(200);
  });

  test('dataElementsForFields names the elements delivered', async () => {
    const found = await dataElementsForFields(t.db.pool, 'famille-test', ['/quotient_familial/valeur', '/enfants/*/nom']);
    expect(found.map((f) => f.id).sort()).toEqual(['composition_foyer_enfants', 'quotient_familial']);
    expect(found.find((f) => f.id === 'quotient_familial')!.label).toBe('Quotient familial');
  });

  test('the data element lists the API, field and endpoints carrying it', async () => {
    const res = await request(t.app).get('/v1/catalog/data-elements/quotient_familial');
    expect(res.body.carriers).toEqual([
      {
        apiSlug: 'famille-test',
        apiTitle: API_BODY.title,
        producerSiret: CNAF,
        pointer: '/quotient_familial/valeur',
        operationIds: ['getFoyer'],
      },
    ]);
  });

  test('PUT data element is for platform admins', async () => {
    const body = { ...DATA_ELEMENTS[0]!, label: 'QF' };
    expect((await request(t.app).put(`/v1/catalog/data-elements/${body.id}`).set(as('cnafInstructor')).send(body)).status).toBe(403);
    expect(
      (
        await request(t.app)
          .put(`/v1/catalog/data-elements/${body.id}`)
          .set(adminAuth)
          .send({ ...body, format: { schema: 'nope.json' } })
      ).body.code,
    ).toBe('client.validation_failed');
    expect((await request(t.app).put(`/v1/catalog/data-elements/${body.id}`).set(adminAuth).send(body)).body.label).toBe('QF');
  });
});

describe('resolveEndpoint: in-memory, compiled path templates, invalidated on import', () => {
  test('concrete path, path parameters decoded, method matters', async () => {
    const r = await resolveEndpoint(t.db.pool, 'famille-test', 'GET', '/foyers/1234567');
    expect(r).toMatchObject({
      api: { slug: 'famille-test', producerSiret: CNAF, lifecycle: 'published', rateLimitPerMinute: 120 },
      endpoint: { operationId: 'getFoyer' },
      pathParams: { numero: '1234567' },
    });
    expect(r!.endpoint.parameters.map((p) => p.name)).toEqual(['numero', 'mois']);
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'POST', '/foyers/recherche')).toMatchObject({
      endpoint: { operationId: 'searchFoyer' },
      pathParams: {},
    });
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'DELETE', '/foyers/1')).toBeNull();
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'GET', '/foyers/1/2')).toBeNull();
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'GET', '/foyers/%E0%A4%A')).toBeNull();
    expect(await resolveEndpoint(t.db.pool, 'inconnue', 'GET', '/foyers/1')).toBeNull();
  });

  test('a local import invalidates at once', async () => {
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'GET', '/foyers/1/adresse')).toBeNull();
    await importOpenApi(t.db.pool, 'famille-test', fixture('family-v2.yaml'));
    expect(await resolveEndpoint(t.db.pool, 'famille-test', 'GET', '/foyers/1/adresse')).toMatchObject({
      endpoint: { operationId: 'getAdresse' },
    });
  });

  test('another process: TTL bounds staleness, LISTEN/NOTIFY invalidates within the commit', async () => {
    let now = 0;
    const ttl = createEndpointResolver(t.db.pool, { ttlMs: 5000, now: () => now });
    const listening = createEndpointResolver(t.db.pool, { ttlMs: 3_600_000, listen: true });
    try {
      expect(await ttl.resolve('famille-test', 'GET', '/foyers/1/adresse')).not.toBeNull();
      expect(await listening.resolve('famille-test', 'GET', '/foyers/1/adresse')).not.toBeNull();
      // Simulate a write by another process: SQL straight to the tables + NOTIFY, no in-process
      // invalidation. The notification is repeated until the listener (registered asynchronously) hears it.
      await t.db.pool.query(`DELETE FROM catalog_endpoints WHERE operation_id = 'getAdresse'`);
      await eventually(
        'the listening resolver forgets the deleted endpoint',
        async () => {
          await t.db.pool.query(`SELECT pg_notify('datapedia_catalog', 'famille-test')`);
          return (await listening.resolve('famille-test', 'GET', '/foyers/1/adresse')) === null;
        },
        undefined,
        100,
      );
      expect(await ttl.resolve('famille-test', 'GET', '/foyers/1/adresse')).not.toBeNull(); // cached
      now += 5001;
      expect(await ttl.resolve('famille-test', 'GET', '/foyers/1/adresse')).toBeNull();
    } finally {
      await ttl.close();
      await listening.close();
    }
  });
});
