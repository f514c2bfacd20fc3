import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, as, seedWorld, fullForm, LYON, CNAF } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

async function draft(slug = 'cnaf-qf', form: object = fullForm()): Promise<string> {
  const res = await request(t.app).post('/v1/contracts').set(as('alice')).send({ apiSlug: slug, consumerSiret: LYON, form });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('habilitation workflow: draft -> submitted -> (changes_requested -> submitted)* -> validated | refused', () => {
  test('a draft may be incomplete, a submission may not', async () => {
    const id = await draft('cnaf-qf', { intitule: 'Brouillon' });
    const sub = await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice'));
    expect([sub.status, sub.body.code]).toEqual([422, 'client.validation_failed']);
    expect(sub.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/purpose');
    const saved = await request(t.app).patch(`/v1/contracts/${id}`).set(as('alice')).send(fullForm());
    expect(saved.status).toBe(200);
    const ok = await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice'));
    expect(ok.status).toBe(200);
    expect(ok.body.versions[0].status).toBe('submitted');
  });

  test('a draft with an unknown field is refused, nothing written', async () => {
    const res = await request(t.app)
      .post('/v1/contracts')
      .set(as('alice'))
      .send({ apiSlug: 'cnaf-qf', consumerSiret: LYON, form: { nope: 1 } });
    expect([res.status, res.body.code]).toEqual([422, 'client.validation_failed']);
  });

  test('retention past 36 months needs a justification', async () => {
    const id = await draft('cnaf-qf', fullForm({ retention_months: 48 }));
    const res = await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice'));
    expect([res.status, res.body.code]).toEqual([422, 'client.validation_failed']);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/retention_justification');
  });

  test('unknown scope -> client.invalid_scope', async () => {
    const id = await draft('cnaf-qf', fullForm({ scopes: ['qf_valeur', 'revenu'] }));
    const res = await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice'));
    expect([res.status, res.body.code]).toEqual([422, 'client.invalid_scope']);
  });

  test('changes requested, resubmitted, approved with fewer scopes; every transition kept with its diff', async () => {
    const id = await draft();
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    const ch = await request(t.app)
      .post(`/v1/contracts/${id}/request-changes`)
      .set(as('ivan'))
      .send({ reason: 'Précisez la durée de conservation.' });
    expect(ch.body.versions[0].status).toBe('changes_requested');
    await request(t.app).patch(`/v1/contracts/${id}`).set(as('alice')).send({ retention_months: 6 }).expect(200);
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    const ok = await request(t.app)
      .post(`/v1/contracts/${id}/approve`)
      .set(as('ivan'))
      .send({ scopes: ['qf_valeur'], validUntil: '2027-12-31' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'active', currentVersion: 1 });
    expect(ok.body.versions[0].granted).toMatchObject({
      scopes: ['qf_valeur'],
      requested_scopes: ['qf_valeur', 'qf_annee'],
      consumer_siret: LYON,
      producer_siret: CNAF,
      endpoints: ['getQuotientFamilial'],
    });
    const ev = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('audrey'));
    expect(ev.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'request_changes', 'submit', 'approve']);
    const resubmit = ev.body.items[3];
    expect(resubmit.diff).toEqual([{ field: 'retention_months', before: 12, after: 6 }]);
    expect(ev.body.items[2]).toMatchObject({
      from: 'submitted',
      to: 'changes_requested',
      reason: 'Précisez la durée de conservation.',
      actor: { sub: 'ivan', siret: CNAF, role: 'instructor' },
    });
    expect(ev.body.items[4].diff).toEqual([{ field: 'scopes', before: ['qf_valeur', 'qf_annee'], after: ['qf_valeur'] }]);
    // The parties see it; an unrelated organisation does not.
    expect((await request(t.app).get(`/v1/contracts/${id}/events`).set(as('alice'))).status).toBe(200);
    expect((await request(t.app).get(`/v1/contracts/${id}`).set(as('gina'))).body.code).toBe('client.not_found');
  });

  test('granting a scope that was not asked -> client.invalid_scope', async () => {
    const id = await draft('cnaf-qf', fullForm({ scopes: ['qf_valeur'] }));
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    const res = await request(t.app)
      .post(`/v1/contracts/${id}/approve`)
      .set(as('ivan'))
      .send({ scopes: ['qf_valeur', 'allocataires'] });
    expect([res.status, res.body.code]).toEqual([422, 'client.invalid_scope']);
  });

  test('refused with a reason: the contract is refused', async () => {
    const id = await draft();
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    const res = await request(t.app).post(`/v1/contracts/${id}/refuse`).set(as('ivan')).send({ reason: 'Base légale insuffisante.' });
    expect(res.body).toMatchObject({ status: 'refused', versions: [{ status: 'refused' }] });
    const again = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan'));
    expect([again.status, again.body.code]).toEqual([409, 'client.invalid_transition']);
  });

  test('reopen: a new version, the current one stays in force until the new one is validated', async () => {
    const id = await draft();
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan')).expect(200);
    const re = await request(t.app).post(`/v1/contracts/${id}/reopen`).set(as('alice'));
    expect(re.body).toMatchObject({ status: 'active', currentVersion: 1, openVersion: 2 });
    await request(t.app)
      .patch(`/v1/contracts/${id}`)
      .set(as('alice'))
      .send({ scopes: ['qf_valeur', 'qf_annee', 'allocataires'] })
      .expect(200);
    const sub = await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice'));
    expect(sub.body).toMatchObject({ status: 'active', currentVersion: 1 });
    const ok = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan'));
    expect(ok.body).toMatchObject({ status: 'active', currentVersion: 2 });
    expect(ok.body.versions.map((v: { status: string }) => v.status)).toEqual(['superseded', 'validated']);
    const ev = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('alice'));
    expect(ev.body.items.find((e: { action: string; version: number }) => e.action === 'submit' && e.version === 2).diff).toEqual([
      { field: 'scopes', before: ['qf_valeur', 'qf_annee'], after: ['qf_valeur', 'qf_annee', 'allocataires'] },
    ]);
  });

  test('suspend (reason) and resume by the producer; queue lists by side', async () => {
    const id = await draft();
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan')).expect(200);
    const s = await request(t.app).post(`/v1/contracts/${id}/suspend`).set(as('ivan')).send({ reason: 'Usage anormal constaté.' });
    expect(s.body.status).toBe('suspended');
    const r = await request(t.app).post(`/v1/contracts/${id}/resume`).set(as('ivan'));
    expect(r.body.status).toBe('active');
    const queue = await request(t.app).get('/v1/contracts?side=producer').set(as('ivan'));
    expect(queue.body.items.every((c: { producerSiret: string }) => c.producerSiret === CNAF)).toBe(true);
    const mine = await request(t.app).get('/v1/contracts?side=producer').set(as('alice'));
    expect(mine.body.items).toEqual([]);
  });

  test('two instructors deciding at once: one transition wins, the other is refused (row lock)', async () => {
    const id = await draft();
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    const [a, b] = await Promise.all([
      request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan')),
      request(t.app).post(`/v1/contracts/${id}/refuse`).set(as('doraAndIvan')).send({ reason: 'Refus concurrent.' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ev = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('audrey'));
    expect(ev.body.items.filter((e: { action: string }) => e.action === 'approve' || e.action === 'refuse')).toHaveLength(1);
  });
});
