import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { describeAccessControl } from '../helpers/security.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { API_BODY, DINUM, createAndImport } from './helpers.js';

/** Every write route of the catalogue refuses anonymous callers, unknown tokens and other organisations. */
let t: TestApp;
const principals = testPrincipals({
  dinumAdmin: { kind: 'agent', sub: 'agent-dinum', memberships: [{ siret: DINUM, roles: ['admin', 'instructor'] }], platformRoles: [] },
});
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [principals] } });
  await seedDemoOrganisations(t.db.pool);
  await createAndImport(t.app, API_BODY, 'family-v1.yaml');
  await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
});
afterAll(async () => {
  await t.stop();
});

describeAccessControl(
  'catalogue writes',
  () => t.app,
  [
    { method: 'post', path: '/v1/catalog/apis', body: { ...API_BODY, slug: 'autre' } },
    { method: 'patch', path: '/v1/catalog/apis/famille-test', body: { title: 'x' } },
    { method: 'post', path: '/v1/catalog/apis/famille-test/lifecycle', body: { to: 'retired' } },
    { method: 'post', path: '/v1/catalog/apis/famille-test/openapi' },
    { method: 'put', path: '/v1/catalog/apis/famille-test/scopes', body: { scopes: [] } },
    { method: 'put', path: '/v1/catalog/apis/famille-test/fields', body: { fields: {} } },
    { method: 'put', path: '/v1/catalog/data-elements/siren', body: { id: 'siren' } },
  ],
  () => ({ 'X-Test-Principal': 'dinumAdmin' }),
);

test('nothing was changed by the refused calls', async () => {
  const api = await request(t.app).get('/v1/catalog/apis/famille-test');
  expect(api.body).toMatchObject({ title: API_BODY.title, lifecycle: 'published' });
  expect((await request(t.app).get('/v1/catalog/apis/famille-test/versions')).body.items).toHaveLength(1);
});
