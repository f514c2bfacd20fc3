import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { createLedgerWriter } from '../../ledger/index.js';

const CNAF = '18000100000017';
const DGFIP = '11000200300017';
const LYON = '21690123100011';
const GIRONDE = '22330001300016';

const agent = (sub: string, siret: string) => ({
  kind: 'agent' as const,
  sub,
  name: sub,
  memberships: [{ siret, roles: ['applicant' as const] }],
  platformRoles: [],
});
const principals = testPrincipals({
  lyon: agent('lyon', LYON),
  gironde: agent('gironde', GIRONDE),
  cnaf: agent('cnaf', CNAF),
  both: {
    kind: 'agent',
    sub: 'both',
    memberships: [
      { siret: LYON, roles: ['applicant'] },
      { siret: CNAF, roles: ['instructor'] },
    ],
    platformRoles: [],
  },
  nobody: { kind: 'agent', sub: 'nobody', memberships: [], platformRoles: [] },
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [principals] } });
  const writer = createLedgerWriter({ pool: t.db.pool, chainId: 'test-exchanges', clock: t.clock });
  const base = {
    type: 'exchange.served' as const,
    outcome: 'served' as const,
    status: 200,
    subjectRef: 'a'.repeat(64),
    subjectKind: 'person' as const,
    recipient: LYON,
    context: 'Cantine',
    object: 'Dossier 1',
    fields: ['/quotient_familial/valeur'],
  };
  for (let i = 0; i < 5; i++)
    await writer.append({
      ...base,
      id: randomUUID(),
      occurredAt: new Date(Date.UTC(2026, 10, 1, 10, i)),
      consumerSiret: LYON,
      producerSiret: CNAF,
      apiSlug: 'cnaf-quotient-familial',
    });
  await writer.append({
    ...base,
    id: randomUUID(),
    occurredAt: new Date(Date.UTC(2026, 10, 1, 11)),
    consumerSiret: GIRONDE,
    producerSiret: DGFIP,
    apiSlug: 'dgfip-situation-fiscale',
    recipient: GIRONDE,
  });
  await writer.append({
    ...base,
    id: randomUUID(),
    type: 'exchange.denied',
    outcome: 'denied',
    status: 403,
    problemCode: 'client.scope_not_granted',
    occurredAt: new Date(Date.UTC(2026, 10, 1, 12)),
    consumerSiret: GIRONDE,
    producerSiret: CNAF,
    apiSlug: 'cnaf-quotient-familial',
  });
  await writer.close();
});
afterAll(async () => {
  await t.stop();
});

describe('a party sees only its own exchanges', () => {
  test('a consumer sees its own calls, newest first, by cursor, without the subject pseudonym', async () => {
    const p1 = await request(t.app).get('/v1/exchanges?limit=3').set('X-Test-Principal', 'lyon').expect(200);
    expect(p1.body.items).toHaveLength(3);
    expect(p1.body.items.every((e: { consumerSiret: string }) => e.consumerSiret === LYON)).toBe(true);
    expect(p1.body.items[0].occurredAt > p1.body.items[1].occurredAt).toBe(true);
    expect(JSON.stringify(p1.body)).not.toContain('a'.repeat(64));
    const p2 = await request(t.app)
      .get(`/v1/exchanges?limit=3&cursor=${encodeURIComponent(p1.body.nextCursor)}`)
      .set('X-Test-Principal', 'lyon')
      .expect(200);
    expect(p2.body.items).toHaveLength(2);
    expect(p2.body.nextCursor).toBeNull();
  });

  test('a producer sees the calls on its APIs, from every consumer, denials included', async () => {
    const res = await request(t.app).get('/v1/exchanges?side=producer').set('X-Test-Principal', 'cnaf').expect(200);
    expect(res.body.items).toHaveLength(6);
    expect(new Set(res.body.items.map((e: { producerSiret: string }) => e.producerSiret))).toEqual(new Set([CNAF]));
    expect(res.body.items[0]).toMatchObject({ outcome: 'denied', problemCode: 'client.scope_not_granted', consumerSiret: GIRONDE });
  });

  test('another consumer sees none of them, even with the first one’s cursor', async () => {
    const lyon = await request(t.app).get('/v1/exchanges?limit=1').set('X-Test-Principal', 'lyon');
    const res = await request(t.app)
      .get(`/v1/exchanges?cursor=${encodeURIComponent(lyon.body.nextCursor)}`)
      .set('X-Test-Principal', 'gironde')
      .expect(200);
    expect(res.body.items.every((e: { consumerSiret: string }) => e.consumerSiret === GIRONDE)).toBe(true);
  });

  test('asking for another organisation -> 403; several memberships need organisation', async () => {
    expect((await request(t.app).get(`/v1/exchanges?organisation=${CNAF}&side=producer`).set('X-Test-Principal', 'lyon')).body.code).toBe(
      'client.forbidden',
    );
    expect((await request(t.app).get('/v1/exchanges').set('X-Test-Principal', 'both')).body.code).toBe('client.invalid_parameter');
    const ok = await request(t.app).get(`/v1/exchanges?organisation=${CNAF}&side=producer`).set('X-Test-Principal', 'both').expect(200);
    expect(ok.body.items).toHaveLength(6);
    // An agent of no organisation is refused by the route's declaration (an agent of some organisation).
    expect((await request(t.app).get('/v1/exchanges').set('X-Test-Principal', 'nobody')).body.code).toBe('client.forbidden');
  });

  test('bad parameters -> 400 with stable codes', async () => {
    const as = { 'X-Test-Principal': 'lyon' };
    expect((await request(t.app).get('/v1/exchanges?side=both').set(as)).body.code).toBe('client.invalid_parameter');
    expect((await request(t.app).get('/v1/exchanges?limit=0').set(as)).body.code).toBe('client.invalid_parameter');
    expect((await request(t.app).get('/v1/exchanges?organisation=123').set(as)).body.code).toBe('client.invalid_siret');
    expect((await request(t.app).get('/v1/exchanges?cursor=nope').set(as)).body.code).toBe('client.invalid_parameter');
    expect((await request(t.app).get('/v1/exchanges?side=a&side=b').set(as)).body.code).toBe('client.duplicate_parameter');
  });

  test('GraphQL exchanges: same rows, same codes', async () => {
    const ok = await request(t.app)
      .post('/graphql')
      .set('X-Test-Principal', 'gironde')
      .send({ query: '{ exchanges { items { consumerSiret api outcome } } }' });
    expect(ok.body.data.exchanges.items.map((e: { api: string }) => e.api).sort()).toEqual([
      'cnaf-quotient-familial',
      'dgfip-situation-fiscale',
    ]);
    const denied = await request(t.app)
      .post('/graphql')
      .set('X-Test-Principal', 'gironde')
      .send({ query: `{ exchanges(organisation: "${LYON}") { items { id } } }` });
    expect(denied.body.errors[0].extensions.code).toBe('client.forbidden');
    const anon = await request(t.app).post('/graphql').send({ query: '{ exchanges { items { id } } }' });
    expect(anon.body.errors[0].extensions.code).toBe('client.unauthenticated');
  });
});

describe('GET /v1/exchanges: access control', () => {
  test('no credentials -> 401', async () => {
    const res = await request(t.app).get('/v1/exchanges');
    expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
  });
  test('forged bearer -> 401 client.invalid_token', async () => {
    const res = await request(t.app).get('/v1/exchanges').set('Authorization', 'Bearer forged.token.value');
    expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
  });
});
