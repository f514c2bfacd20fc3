import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { describeAccessControl } from '../helpers/security.js';

let t: TestApp;
const agent = testPrincipals({
  applicant: {
    kind: 'agent',
    sub: 'a1',
    name: 'Agent',
    memberships: [{ siret: '21690123100011', roles: ['applicant'] }],
    platformRoles: [],
  },
  auditor: { kind: 'agent', sub: 'au1', name: 'Auditrice', memberships: [], platformRoles: ['auditor'] },
});
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [agent] } });
});
afterAll(async () => {
  await t.stop();
});

const DINUM = {
  siret: '13000600000017',
  name: 'Direction interministérielle du numérique',
  acronym: 'DINUM',
  kind: 'administration_centrale',
  roles: ['producer', 'consumer'],
};

describe('organisations are identified by a Luhn-valid SIRET', () => {
  test('an admin registers one; SIREN is derived', async () => {
    const res = await request(t.app).post('/v1/organisations').set(adminAuth).send(DINUM);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/v1/organisations/13000600000017');
    expect(res.body).toMatchObject({ siret: DINUM.siret, siren: '130006000', name: DINUM.name, roles: ['producer', 'consumer'] });
  });

  test('the same SIRET twice -> 409 client.conflict', async () => {
    const res = await request(t.app).post('/v1/organisations').set(adminAuth).send(DINUM);
    expect([res.status, res.body.code]).toEqual([409, 'client.conflict']);
  });

  test('a SIRET failing the Luhn check -> 422 with its pointer', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set(adminAuth)
      .send({ ...DINUM, siret: '13000600000018' });
    expect([res.status, res.body.code]).toEqual([422, 'client.validation_failed']);
    expect(res.body.errors[0].pointer).toBe('/siret');
  });

  test('wrong types and unknown roles are refused whole', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set(adminAuth)
      .send({ siret: 13000600000017, name: '', kind: 'x', roles: ['god'] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/kind', '/name', '/roles/0', '/siret']);
  });

  test('read, list by role with a cursor, update', async () => {
    await request(t.app)
      .post('/v1/organisations')
      .set(adminAuth)
      .send({ siret: '21690123100011', name: 'CCAS de Lyon', kind: 'collectivite', roles: ['consumer'] })
      .expect(201);
    const one = await request(t.app).get('/v1/organisations/21690123100011').set(adminAuth);
    expect(one.body.name).toBe('CCAS de Lyon');
    const page1 = await request(t.app).get('/v1/organisations?limit=1').set(adminAuth);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await request(t.app).get(`/v1/organisations?limit=1&cursor=${page1.body.nextCursor}`).set(adminAuth);
    expect(page2.body.items[0].siret).not.toBe(page1.body.items[0].siret);
    expect(page2.body.nextCursor).toBeNull();
    const consumers = await request(t.app).get('/v1/organisations?role=consumer').set(adminAuth);
    expect(consumers.body.items.map((o: { siret: string }) => o.siret).sort()).toEqual(['13000600000017', '21690123100011']);
    const upd = await request(t.app).patch('/v1/organisations/21690123100011').set(adminAuth).send({ acronym: 'CCAS' });
    expect(upd.body).toMatchObject({ acronym: 'CCAS', name: 'CCAS de Lyon' });
  });

  test('unknown organisation -> 404 client.not_found; malformed SIRET in path -> 400', async () => {
    expect((await request(t.app).get('/v1/organisations/11000200300017').set(adminAuth)).body.code).toBe('client.not_found');
    const bad = await request(t.app).get('/v1/organisations/123').set(adminAuth);
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_siret']);
  });

  test('bad query parameters -> 400, repeated ones refused', async () => {
    expect((await request(t.app).get('/v1/organisations?limit=0').set(adminAuth)).body.code).toBe('client.invalid_parameter');
    expect((await request(t.app).get('/v1/organisations?role=x').set(adminAuth)).body.code).toBe('client.invalid_parameter');
    expect((await request(t.app).get('/v1/organisations?limit=1&limit=2').set(adminAuth)).body.code).toBe('client.duplicate_parameter');
    expect((await request(t.app).get('/v1/organisations?cursor=!!!').set(adminAuth)).body.code).toBe('client.invalid_parameter');
  });

  test('GraphQL: same data, same codes in extensions.code', async () => {
    const ok = await request(t.app)
      .post('/graphql')
      .set(adminAuth)
      .send({ query: '{ organisation(siret: "13000600000017") { siren name } }' });
    expect(ok.body.data.organisation).toEqual({ siren: '130006000', name: DINUM.name });
    const anon = await request(t.app).post('/graphql').send({ query: '{ organisations { items { siret } } }' });
    expect(anon.body.errors[0].extensions.code).toBe('client.unauthenticated');
    const denied = await request(t.app)
      .post('/graphql')
      .set('X-Test-Principal', 'auditor')
      .send({ query: '{ organisations { items { siret } } }' });
    expect(denied.body.errors[0].extensions.code).toBe('client.forbidden');
    const missing = await request(t.app)
      .post('/graphql')
      .set(adminAuth)
      .send({ query: '{ organisation(siret: "11000200300017") { name } }' });
    expect(missing.body.errors[0].extensions.code).toBe('client.not_found');
    const invalid = await request(t.app).post('/graphql').set(adminAuth).send({ query: '{ nope }' });
    expect(invalid.body.errors[0].extensions.code).toBe('client.invalid_request');
  });
});

describeAccessControl(
  'organisations',
  () => t.app,
  [
    { method: 'get', path: '/v1/organisations' },
    { method: 'post', path: '/v1/organisations', body: DINUM },
    { method: 'get', path: '/v1/organisations/13000600000017' },
    { method: 'patch', path: '/v1/organisations/13000600000017', body: { name: 'x' } },
  ],
  () => ({ 'X-Test-Principal': 'applicant' }),
);
