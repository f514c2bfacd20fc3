/** GraphQL over the citizen space: same domain functions and codes as REST. */
import request from 'supertest';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from './world.js';

let w: ConsentWorld;
let me: LoginResult;
let agent: LoginResult;
const A = citizen('citoyen-3');

beforeAll(async () => {
  w = await startConsentWorld();
  [me, agent] = [await loginAs(w.t, 'citoyen-3'), await loginAs(w.t, 'ville-lyon-demandeur')];
});
afterAll(async () => {
  await w.stop();
});

const gql = (who: LoginResult, query: string, variables: Record<string, unknown> = {}) =>
  request(w.t.app).post('/graphql').set('Cookie', who.cookie).set('X-CSRF-Token', who.csrfToken).send({ query, variables });

test('request (agent) → accept (citizen) → exchange → myExchanges → revoke → refused → report', async () => {
  const asked = await gql(agent, 'mutation($i: ConsentJSON!) { createConsentRequest(input: $i) { id status } }', {
    i: {
      consumerSiret: LYON,
      subject: { kind: 'person', pivot: A.pivot },
      apiSlug: API,
      purpose: 'Tarif du conservatoire',
      durationDays: 30,
    },
  });
  expect(asked.body.data.createConsentRequest.status).toBe('pending');
  const id = asked.body.data.createConsentRequest.id;
  expect((await gql(me, '{ myConsentRequests { id status purpose } }')).body.data.myConsentRequests).toEqual([
    { id, status: 'pending', purpose: 'Tarif du conservatoire' },
  ]);
  expect(
    (await gql(me, 'mutation($id: ID!) { acceptConsentRequest(id: $id) { status consentId } }', { id })).body.data.acceptConsentRequest
      .status,
  ).toBe('accepted');
  expect((await gql(agent, `{ consentRequest(id: "${id}") { status } }`)).body.data.consentRequest.status).toBe('accepted');
  expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);

  const page = await gql(
    me,
    '{ myExchanges(limit: 10) { items { id outcome consumer { name } dataElements { label } legalBasis { nature } } nextCursor } }',
  );
  expect(page.body.errors).toBeUndefined();
  const served = page.body.data.myExchanges.items[0];
  expect(served).toMatchObject({ outcome: 'served', legalBasis: { nature: 'Article L. 312-1 CRPA' } });
  expect(served.dataElements.map((d: { label: string }) => d.label).join()).toMatch(/uotient familial/);

  const consents = (await gql(me, '{ myConsents { id status } }')).body.data.myConsents;
  const revoked = await gql(me, 'mutation($id: ID!) { revokeConsent(id: $id) { status version } }', { id: consents[0].id });
  expect(revoked.body.data.revokeConsent).toEqual({ status: 'revoked', version: 2 });
  expect((await w.exchange('c-lyon', A.pivot)).body.code).toBe('client.consent_revoked');
  const again = await gql(me, 'mutation($id: ID!) { resumeConsent(id: $id) { status } }', { id: consents[0].id });
  expect(again.body.errors[0].extensions.code).toBe('client.invalid_transition');

  const report = await gql(
    me,
    'mutation($id: ID!) { reportExchange(id: $id, message: "Inconnu", confirmed: true) { id status eventId } }',
    { id: served.id },
  );
  expect(report.body.data.reportExchange).toMatchObject({ status: 'open', eventId: served.id });
  expect((await gql(me, '{ myReports { eventId status } }')).body.data.myReports).toEqual([{ eventId: served.id, status: 'open' }]);
});

test('mutations need the CSRF token with a session; bad filters are client.invalid_parameter', async () => {
  const noCsrf = await request(w.t.app)
    .post('/graphql')
    .set('Cookie', me.cookie)
    .send({ query: 'mutation { pauseConsent(id: "x") { id } }' });
  expect(noCsrf.body.code).toBe('client.csrf_failed');
  const bad = await gql(me, '{ myExchanges(from: "hier") { items { id } } }');
  expect(bad.body.errors[0].extensions.code).toBe('client.invalid_parameter');
  const anonymous = await request(w.t.app).post('/graphql').send({ query: '{ myConsents { id } }' });
  expect(anonymous.body.errors[0].extensions.code).toBe('client.unauthenticated');
});
