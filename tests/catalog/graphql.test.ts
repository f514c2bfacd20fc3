import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { putDataElement, DATA_ELEMENTS } from '../../catalog/index.js';
import { API_BODY, createAndImport } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  const principals = testPrincipals({
    lyon: { kind: 'agent', sub: 'agent-lyon', memberships: [{ siret: '21690123100011', roles: ['applicant'] }], platformRoles: [] },
  });
  t = await startTestApp({ deps: { authenticators: [principals] } });
  await seedDemoOrganisations(t.db.pool);
  for (const e of DATA_ELEMENTS) await putDataElement(t.db.pool, e);
  await createAndImport(t.app, API_BODY, 'family-v1.yaml');
  await request(t.app)
    .put('/v1/catalog/apis/famille-test/scopes')
    .set(adminAuth)
    .send({ scopes: [{ name: 'qf', label: 'QF', pointers: ['/quotient_familial'] }] });
  await createAndImport(t.app, { ...API_BODY, slug: 'brouillon' }, 'family-v1.yaml');
  await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
});
afterAll(async () => {
  await t.stop();
});

const gql = (query: string, headers: Record<string, string> = {}) => request(t.app).post('/graphql').set(headers).send({ query });

describe('GraphQL over the catalogue, same visibility as REST', () => {
  test('apis and api(slug) with endpoints, scopes and versions', async () => {
    const res = await gql(
      '{ apis { slug } api(slug: "famille-test") { title lifecycle endpoints { operationId fields } scopes { name pointers } versions { seq } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.apis).toEqual([{ slug: 'famille-test' }]);
    expect(res.body.data.api.endpoints.map((e: { operationId: string }) => e.operationId)).toEqual(['getFoyer', 'searchFoyer']);
    expect(res.body.data.api.scopes).toEqual([{ name: 'qf', pointers: ['/quotient_familial'] }]);
  });

  test('a draft is null for the public, visible to the admin', async () => {
    expect((await gql('{ api(slug: "brouillon") { slug } }')).body.data.api).toBeNull();
    expect((await gql('{ api(slug: "brouillon") { slug } }', adminAuth)).body.data.api).toEqual({ slug: 'brouillon' });
  });

  test('dataElements, dataElement and search', async () => {
    const res = await gql(
      '{ dataElements { id } dataElement(id: "siren") { label legalSource { label } } search(q: "quotient") { kind id } }',
    );
    expect(res.body.data.dataElements.length).toBe(DATA_ELEMENTS.length);
    expect(res.body.data.dataElement.label).toBe('Numéro SIREN');
    expect(res.body.data.search.length).toBeGreaterThan(0);
  });

  test('bad search filter -> extensions.code client.invalid_parameter', async () => {
    const res = await gql('{ search(q: "x", access: "secret") { id } }');
    expect(res.body.errors[0].extensions.code).toBe('client.invalid_parameter');
  });

  test('allowedEndpoints: anonymous refused; a consumer without contract gets none', async () => {
    expect((await gql('{ allowedEndpoints { apiSlug } }')).body.errors[0].extensions.code).toBe('client.unauthenticated');
    const res = await gql('{ allowedEndpoints { apiSlug scopes endpoints { operationId } } }', { 'X-Test-Principal': 'lyon' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.allowedEndpoints).toEqual([]);
  });
});
