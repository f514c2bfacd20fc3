/**
 * Isolation (docs/architecture.md, invariant 6): citizen A cannot read B's trail — nor B's consents, requests
 * or cases — through any route or GraphQL query, by changing ids, cursors or filters.
 */
import request from 'supertest';
import { grantConsent } from '../../consent/index.js';
import { adminAuth } from '../helpers/app.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from './world.js';

let w: ConsentWorld;
let a: LoginResult;
let b: LoginResult;
let agent: LoginResult;
const A = citizen('citoyen-1');
const B = citizen('citoyen-2');
const bIds: string[] = [];
let bConsent = '';
let bRequest = '';
let aCursor = '';

beforeAll(async () => {
  w = await startConsentWorld();
  [a, b, agent] = [await loginAs(w.t, 'citoyen-1'), await loginAs(w.t, 'citoyen-2'), await loginAs(w.t, 'ville-lyon-demandeur')];
  const ctx = w.t.services.consent.ctx;
  for (const who of [A, B]) {
    const ref = w.refOf(who.pivot);
    const c = await grantConsent(ctx, {
      subjectRef: ref,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: API,
      purpose: 'Cantine',
      validUntil: new Date(w.t.clock.now().getTime() + 86_400_000),
      actor: { kind: 'citizen', id: ref },
    });
    if (who === B) bConsent = c.id;
  }
  for (let i = 0; i < 3; i++) await w.exchange('c-lyon', A.pivot);
  for (let i = 0; i < 2; i++) bIds.push((await w.exchange('c-lyon', B.pivot)).headers['x-request-id']!);
  const req = await request(w.t.app)
    .post('/v1/consent-requests')
    .set('Cookie', agent.cookie)
    .set('X-CSRF-Token', agent.csrfToken)
    .send({
      consumerSiret: LYON,
      subject: { kind: 'person', pivot: B.pivot },
      apiSlug: API,
      purpose: 'Pour B seulement',
      durationDays: 30,
    });
  bRequest = req.body.id;
  aCursor = (await request(w.t.app).get('/v1/me/exchanges?limit=1').set('Cookie', a.cookie)).body.nextCursor;
});
afterAll(async () => {
  await w.stop();
});

const asA = (method: 'get' | 'post', path: string) => {
  const r = request(w.t.app)[method](path).set('Cookie', a.cookie);
  return method === 'post' ? r.set('X-CSRF-Token', a.csrfToken) : r;
};
const gqlA = (query: string, variables: Record<string, unknown> = {}) =>
  request(w.t.app).post('/graphql').set('Cookie', a.cookie).set('X-CSRF-Token', a.csrfToken).send({ query, variables });

function noneOfB(text: string): void {
  for (const id of [...bIds, bConsent, bRequest]) expect(text).not.toContain(id);
  expect(text).not.toContain(w.refOf(B.pivot));
}

describe('REST: A never reaches B’s rows', () => {
  test('A’s trail, with any filter, holds A’s exchanges only', async () => {
    for (const q of ['', `?administration=${LYON}`, '?donnee=quotient_familial', '?limit=200', '?du=2000-01-01']) {
      const res = await asA('get', `/v1/me/exchanges${q}`);
      expect(res.status).toBe(200);
      noneOfB(res.text);
    }
    expect((await asA('get', '/v1/me/exchanges')).body.items).toHaveLength(3);
    noneOfB((await asA('get', '/v1/me/exchanges/export?format=json')).text);
    noneOfB((await asA('get', '/v1/me/exchanges/export?format=csv')).text);
  });

  test('cursors are bound to their owner: A’s cursor in B’s hands, or an edited one, is 400', async () => {
    const res = await request(w.t.app)
      .get(`/v1/me/exchanges?cursor=${encodeURIComponent(aCursor)}`)
      .set('Cookie', b.cookie);
    expect([res.status, res.body.code]).toEqual([400, 'client.invalid_parameter']);
    const [payload, sig] = aCursor.split('.');
    const forged = `${Buffer.from(JSON.stringify([Date.now() + 1e9, '00000000-0000-4000-8000-000000000000'])).toString('base64url')}.${sig}`;
    expect((await asA('get', `/v1/me/exchanges?cursor=${encodeURIComponent(forged)}`)).body.code).toBe('client.invalid_parameter');
    expect((await asA('get', `/v1/me/exchanges?cursor=${payload}`)).body.code).toBe('client.invalid_parameter');
    const ledgerStyle = Buffer.from(JSON.stringify([Date.now(), bIds[0]])).toString('base64url');
    expect((await asA('get', `/v1/me/exchanges?cursor=${ledgerStyle}`)).body.code).toBe('client.invalid_parameter');
  });

  test('B’s ids answer 404 to A, exactly like unknown ones', async () => {
    for (const [path, code] of [
      [`/v1/me/exchanges/${bIds[0]}/report`, 'client.not_found'],
      [`/v1/me/consents/${bConsent}/revoke`, 'client.not_found'],
      [`/v1/me/consents/${bConsent}/pause`, 'client.not_found'],
      [`/v1/me/consent-requests/${bRequest}/accept`, 'client.not_found'],
      [`/v1/me/consent-requests/${bRequest}/refuse`, 'client.not_found'],
    ] as const) {
      const res = await asA('post', path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, code]);
    }
    noneOfB((await asA('get', '/v1/me/consents')).text);
    noneOfB((await asA('get', '/v1/me/consent-requests')).text);
    noneOfB((await asA('get', '/v1/me/reports')).text);
    // B's consent is untouched and B's request still pending.
    expect((await request(w.t.app).get('/v1/me/consents').set('Cookie', b.cookie)).body.items[0]).toMatchObject({
      id: bConsent,
      status: 'active',
    });
    expect((await request(w.t.app).get(`/v1/consent-requests/${bRequest}`).set('Cookie', agent.cookie)).body.status).toBe('pending');
  });

  test('only citizens reach /v1/me: anonymous 401, agents and the admin token 403', async () => {
    expect((await request(w.t.app).get('/v1/me/exchanges')).status).toBe(401);
    expect((await request(w.t.app).get('/v1/me/exchanges').set('Cookie', agent.cookie)).body.code).toBe('client.forbidden');
    expect((await request(w.t.app).get('/v1/me/exchanges').set(adminAuth)).body.code).toBe('client.forbidden');
    expect((await request(w.t.app).get('/v1/me/consents').set(adminAuth)).body.code).toBe('client.forbidden');
  });

  test('the /moi page of A shows nothing of B, whatever the query', async () => {
    for (const q of ['', `?administration=${LYON}`, `?cursor=${encodeURIComponent(aCursor)}`, '?du=nimporte']) {
      const res = await asA('get', `/moi${q}`);
      expect(res.status).toBe(200);
      noneOfB(res.text);
    }
  });
});

describe('GraphQL: the same rules', () => {
  test('myExchanges, myConsents, myConsentRequests, myCases hold A’s rows only', async () => {
    const res = await gqlA(`{ myExchanges(limit: 200) { items { id consumer { siret name } dataElements { label } } nextCursor }
      myConsents { id status } myConsentRequests { id } myReports { id eventId } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.myExchanges.items).toHaveLength(3);
    noneOfB(res.text);
  });

  test('B’s ids and foreign cursors are refused with the REST codes', async () => {
    const revoke = await gqlA('mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: bConsent });
    expect(revoke.body.errors[0].extensions.code).toBe('client.not_found');
    const accept = await gqlA('mutation($id: ID!) { acceptConsentRequest(id: $id) { id } }', { id: bRequest });
    expect(accept.body.errors[0].extensions.code).toBe('client.not_found');
    const report = await gqlA('mutation($id: ID!) { reportExchange(id: $id, confirmed: true) { id } }', { id: bIds[0] });
    expect(report.body.errors[0].extensions.code).toBe('client.not_found');
    const bCursor = (await request(w.t.app).get('/v1/me/exchanges?limit=1').set('Cookie', b.cookie)).body.nextCursor;
    const page = await gqlA('query($c: String) { myExchanges(cursor: $c) { items { id } } }', { c: bCursor });
    expect(page.body.errors[0].extensions.code).toBe('client.invalid_parameter');
    const asAgent = await request(w.t.app)
      .post('/graphql')
      .set('Cookie', agent.cookie)
      .set('X-CSRF-Token', agent.csrfToken)
      .send({ query: '{ myExchanges { items { id } } }' });
    expect(asAgent.body.errors[0].extensions.code).toBe('client.forbidden');
    const theirRequest = await request(w.t.app)
      .post('/graphql')
      .set('Cookie', agent.cookie)
      .set('X-CSRF-Token', agent.csrfToken)
      .send({ query: `{ consentRequest(id: "${bRequest}") { status } }` });
    expect(theirRequest.body.data.consentRequest.status).toBe('pending');
    const notTheirs = await gqlA(`{ consentRequest(id: "${bRequest}") { status } }`);
    expect(notTheirs.body.errors[0].extensions.code).toBe('client.forbidden');
  });
});
