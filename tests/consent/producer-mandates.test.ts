/**
 * Representatives declared by a producer that holds the evidence: an agent of a producer
 * authorised to declare (MANDATE_DECLARERS; in the demo world, the CNAF, which knows parenthood
 * through family benefits) declares a parent's mandate for a minor child through
 * `POST /v1/producers/{siret}/mandates`; the declaration is a ledger event naming the producer;
 * the parent sees it and accepts it. A producer not authorised, another organisation's agent or
 * a role other than instructor/admin is refused, and nothing is stored.
 */
import request from 'supertest';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { mandateDeclarersOf } from '../../gateway/services/citizen/dossier-services.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { citizen } from './world.js';

const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
const DGFIP = DEMO_ORGANISATIONS.dgfip.siret;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date());
}, 60_000);
afterAll(async () => {
  await t.stop();
});

const parent = citizen('citoyen-1').pivot;
const child = { ...parent, given_name: 'Léo', birthdate: '2016-03-02', gender: 'male' as const };
const body = {
  representative: parent,
  represented: child,
  kind: 'parent_of_minor',
  evidenceRef: 'Dossier allocataire 1234567 (filiation)',
  validUntil: '2034-03-02T00:00:00Z',
};
const declare = (as: LoginResult, siret: string, b: object = body) =>
  request(t.app).post(`/v1/producers/${siret}/mandates`).set('Cookie', as.cookie).set('X-CSRF-Token', as.csrfToken).send(b);
const mandates = async () => Number((await t.db.pool.query('SELECT count(*) FROM mandates')).rows[0].count);

test('who may declare: MANDATE_DECLARERS, else the demo’s CNAF in the demo world, else nobody but the operator', () => {
  expect(mandateDeclarersOf({ DEMO: true })).toEqual([CNAF]);
  expect(mandateDeclarersOf({ DEMO: false })).toEqual([]);
  expect(mandateDeclarersOf({ DEMO: true, MANDATE_DECLARERS: `${DGFIP},${CNAF}` })).toEqual([DGFIP, CNAF]);
});

test('the CNAF’s instructor declares; the ledger names the producer; the parent sees it and accepts it (in force)', async () => {
  const cnaf = await loginAs(t, 'cnaf-instructeur');
  const res = await declare(cnaf, CNAF);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    kind: 'parent_of_minor',
    status: 'declared',
    inForce: false,
    declaredBy: { kind: 'agent', organisationSiret: CNAF },
  });
  const { rows } = await t.db.pool.query(
    `SELECT actor, detail FROM ledger_events WHERE type = 'consent.event' AND detail->>'mandateId' = $1 ORDER BY recorded_at`,
    [res.body.id],
  );
  expect(rows).toEqual([expect.objectContaining({ actor: expect.objectContaining({ organisationSiret: CNAF }) })]);
  expect(rows[0].detail).toMatchObject({ action: 'mandate_declared', kind: 'parent_of_minor' });

  const me = await loginAs(t, 'citoyen-1');
  const mine = await request(t.app).get('/v1/me/mandates').set('Cookie', me.cookie).expect(200);
  expect(mine.body.items).toEqual([expect.objectContaining({ id: res.body.id, status: 'declared' })]);
  const accepted = await request(t.app)
    .post(`/v1/me/mandates/${res.body.id}/accept`)
    .set('Cookie', me.cookie)
    .set('X-CSRF-Token', me.csrfToken)
    .expect(200);
  expect(accepted.body).toMatchObject({ status: 'accepted', inForce: true });
});

test('a producer not authorised, another organisation’s agent, a DPO: refused, nothing stored', async () => {
  const before = await mandates();
  const dgfip = await loginAs(t, 'dgfip-instructeur');
  const notAuthorised = await declare(dgfip, DGFIP);
  expect([notAuthorised.status, notAuthorised.body.code]).toEqual([403, 'client.forbidden']);
  const cnaf = await loginAs(t, 'cnaf-instructeur');
  const otherOrganisation = await declare(cnaf, DGFIP);
  expect([otherOrganisation.status, otherOrganisation.body.code]).toEqual([403, 'client.forbidden']);
  const dpo = await loginAs(t, 'cnaf-dpo');
  const wrongRole = await declare(dpo, CNAF);
  expect([wrongRole.status, wrongRole.body.code]).toEqual([403, 'client.forbidden']);
  const invalid = await declare(cnaf, CNAF, { ...body, represented: parent });
  expect([invalid.status, invalid.body.code]).toEqual([422, 'client.validation_failed']);
  const anonymous = await request(t.app).post(`/v1/producers/${CNAF}/mandates`).send(body);
  expect(anonymous.status).toBe(401);
  expect(await mandates()).toBe(before);
});
