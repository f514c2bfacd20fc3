import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { describeAccessControl, type ProtectedRoute } from '../helpers/security.js';
import { CAST, as, seedWorld, fullForm, LYON, CNAF } from './fixtures.js';

let t: TestApp;
let submitted = '';
let active = '';
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
  const mk = async () =>
    (await request(t.app).post('/v1/contracts').set(as('alice')).send({ apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() })).body
      .id as string;
  submitted = await mk();
  await request(t.app).post(`/v1/contracts/${submitted}/submit`).set(as('alice')).expect(200);
  active = await mk();
  await request(t.app).post(`/v1/contracts/${active}/submit`).set(as('alice')).expect(200);
  await request(t.app).post(`/v1/contracts/${active}/approve`).set(as('ivan')).expect(200);
});
afterAll(async () => {
  await t.stop();
});

// The same 401/403 tests for every protected contracts route (docs/architecture.md, "Tests"); `gina` is an
// applicant of another organisation (Gironde), with no role on these contracts.
const ROUTES: ProtectedRoute[] = [
  { method: 'post', path: '/v1/contracts', body: { apiSlug: 'cnaf-qf', consumerSiret: LYON } },
  { method: 'post', path: '/v1/contracts/{submitted}/approve' },
  { method: 'post', path: '/v1/contracts/{submitted}/refuse', body: { reason: 'Motif suffisant.' } },
  { method: 'post', path: '/v1/contracts/{active}/suspend', body: { reason: 'Motif suffisant.' } },
  { method: 'post', path: `/v1/producers/${CNAF}/clients`, body: { token_endpoint_auth_method: 'client_secret_basic' } },
];
// Paths are read when each test runs, once the contracts exist.
describeAccessControl(
  'contracts',
  () => t.app,
  ROUTES.map((r) => ({
    ...r,
    get path() {
      return r.path.replace('{submitted}', submitted).replace('{active}', active);
    },
  })),
  () => as('gina'),
);

describe('contracts: other organisations’ contracts are invisible', () => {
  test('read by a stranger -> 404 client.not_found (existence not disclosed)', async () => {
    for (const path of [
      `/v1/contracts/${active}`,
      `/v1/contracts/${active}/events`,
      `/v1/contracts/${active}/artefact`,
      `/v1/contracts/${active}/clients`,
    ]) {
      const res = await request(t.app).get(path).set(as('gina'));
      expect([res.status, res.body.code]).toEqual([404, 'client.not_found']);
    }
  });

  test('credentials for a stranger’s contract -> 404; a malformed id -> 404', async () => {
    const res = await request(t.app)
      .post(`/v1/contracts/${active}/clients`)
      .set(as('gina'))
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect(res.body.code).toBe('client.not_found');
    expect((await request(t.app).get('/v1/contracts/not-a-uuid').set(as('alice'))).body.code).toBe('client.not_found');
  });

  test('the administration space asks anonymous visitors to sign in', async () => {
    const res = await request(t.app).get('/espace');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/connexion\?retour=/);
  });

  test('an auditor reads everything but cannot act', async () => {
    expect((await request(t.app).get(`/v1/contracts/${active}/events`).set(as('audrey'))).status).toBe(200);
    const res = await request(t.app).post(`/v1/contracts/${active}/suspend`).set(as('audrey')).send({ reason: 'Motif suffisant.' });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  });
});
