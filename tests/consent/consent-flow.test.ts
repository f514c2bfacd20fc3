import request from 'supertest';
import { createConsentChecker, expireConsents, getConsentHistory, listMyConsents } from '../../consent/index.js';
import { findEventById, listExchanges } from '../../ledger/index.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from './world.js';

let w: ConsentWorld;
let claire: LoginResult;
let lyonAgent: LoginResult;
const A = citizen('citoyen-1');

beforeAll(async () => {
  w = await startConsentWorld();
  claire = await loginAs(w.t, 'citoyen-1');
  lyonAgent = await loginAs(w.t, 'ville-lyon-demandeur');
});
afterAll(async () => {
  await w.stop();
});

const asCitizen = (me: LoginResult, method: 'get' | 'post', path: string) => {
  const r = request(w.t.app)[method](path).set('Cookie', me.cookie);
  return method === 'post' ? r.set('X-CSRF-Token', me.csrfToken) : r;
};

async function requestConsent(over: Record<string, unknown> = {}) {
  return request(w.t.app)
    .post('/v1/consent-requests')
    .set('Cookie', lyonAgent.cookie)
    .set('X-CSRF-Token', lyonAgent.csrfToken)
    .send({
      consumerSiret: LYON,
      subject: { kind: 'person', pivot: A.pivot },
      apiSlug: API,
      dataElements: ['quotient_familial'],
      purpose: 'Tarification sociale de la cantine',
      durationDays: 365,
      ...over,
    });
}

async function acceptedConsent(over: Record<string, unknown> = {}): Promise<string> {
  w.t.clock.advance(1000);
  const created = await requestConsent(over);
  expect(created.status).toBe(201);
  const accepted = await asCitizen(claire, 'post', `/v1/me/consent-requests/${created.body.id}/accept`);
  expect(accepted.status).toBe(200);
  return accepted.body.consent.id as string;
}

describe('a consent_required API is served only under a consent in force', () => {
  test('no consent: 403 client.consent_missing, recorded as denied', async () => {
    const res = await w.exchange('c-lyon', A.pivot);
    expect([res.status, res.body.code]).toEqual([403, 'client.consent_missing']);
    const { items } = await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] });
    expect(items[0]).toMatchObject({ id: res.headers['x-request-id'], outcome: 'denied', problem_code: 'client.consent_missing' });
  });

  test('request → citizen accepts → consumer sees the outcome → exchange served with the consent recorded', async () => {
    const created = await requestConsent();
    expect(created.body).toMatchObject({ status: 'pending', consumerSiret: LYON, apiSlug: API });
    expect(created.body.subjectRef).toBeUndefined();
    const mine = await asCitizen(claire, 'get', '/v1/me/consent-requests');
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const accepted = await asCitizen(claire, 'post', `/v1/me/consent-requests/${created.body.id}/accept`);
    expect(accepted.body.consent).toMatchObject({ status: 'active', version: 1, consumerSiret: LYON, apiSlug: API });
    const outcome = await request(w.t.app).get(`/v1/consent-requests/${created.body.id}`).set('Cookie', lyonAgent.cookie);
    expect(outcome.body).toMatchObject({ status: 'accepted', consentId: accepted.body.consent.id });
    const again = await asCitizen(claire, 'post', `/v1/me/consent-requests/${created.body.id}/refuse`);
    expect([again.status, again.body.code]).toEqual([409, 'client.invalid_transition']);
    const res = await w.exchange('c-lyon', A.pivot);
    expect(res.status).toBe(200);
    const { items } = await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] }, { types: ['exchange.served'] });
    expect(items[0]!.detail).toEqual({
      consent: { mode: 'consent', consentId: accepted.body.consent.id, version: 1, dataElements: ['quotient_familial'] },
    });
  });

  test('pause → consent_suspended; resume → served; revoke → consent_revoked for good', async () => {
    const id = await acceptedConsent({ purpose: 'Calcul du tarif périscolaire' });
    // Several consents may cover the consumer: revoke every other one first, so this one decides.
    const all = await asCitizen(claire, 'get', '/v1/me/consents');
    for (const c of all.body.items)
      if (c.id !== id && c.status === 'active') await asCitizen(claire, 'post', `/v1/me/consents/${c.id}/revoke`);
    expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);
    const paused = await asCitizen(claire, 'post', `/v1/me/consents/${id}/pause`);
    expect(paused.body).toMatchObject({ status: 'paused', version: 2 });
    expect((await w.exchange('c-lyon', A.pivot)).body.code).toBe('client.consent_suspended');
    expect((await asCitizen(claire, 'post', `/v1/me/consents/${id}/resume`)).body).toMatchObject({ status: 'active', version: 3 });
    expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);
    expect((await asCitizen(claire, 'post', `/v1/me/consents/${id}/revoke`)).body).toMatchObject({ status: 'revoked', version: 4 });
    const res = await w.exchange('c-lyon', A.pivot);
    expect([res.status, res.body.code]).toEqual([403, 'client.consent_revoked']);
    const resume = await asCitizen(claire, 'post', `/v1/me/consents/${id}/resume`);
    expect([resume.status, resume.body.code]).toEqual([409, 'client.invalid_transition']);
  });

  test('past its end date a consent is expired: client.consent_expired', async () => {
    const id = await acceptedConsent({ durationDays: 1, purpose: 'Inscription en crèche' });
    expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);
    w.t.clock.advance(2 * 86_400_000);
    try {
      const res = await w.exchange('c-lyon', A.pivot);
      expect([res.status, res.body.code]).toEqual([403, 'client.consent_expired']);
      // (the citizen's session itself has expired two days later: read through the domain)
      const mine = await listMyConsents({ pool: w.t.db.pool, clock: w.t.clock }, [w.refOf(A.pivot)]);
      expect(mine.find((c) => c.id === id)!.status).toBe('expired');
      // The sweep records the lapse: an `expired` version and its ledger event.
      expect(await expireConsents(w.t.services.consent.ctx)).toBeGreaterThanOrEqual(1);
      const history = await getConsentHistory({ pool: w.t.db.pool, clock: w.t.clock }, [w.refOf(A.pivot)], id);
      expect(history.map((v) => v.version)).toEqual([1, 2]);
      expect(history[1]!.status).toBe('expired');
      expect(history[1]!.actor).toEqual({ kind: 'service', id: 'datapedia' });
    } finally {
      w.t.clock.advance(-2 * 86_400_000);
      await asCitizen(claire, 'post', `/v1/me/consents/${id}/revoke`);
    }
  });

  test('a frequency cap counts exchanges per window: the next one is client.rate_limited', async () => {
    const id = await acceptedConsent({ purpose: 'Bourse municipale', frequency: { max: 2, period: 'day' } });
    expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);
    expect((await w.exchange('c-lyon', A.pivot)).status).toBe(200);
    const third = await w.exchange('c-lyon', A.pivot);
    expect([third.status, third.body.code]).toEqual([429, 'client.rate_limited']);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    await asCitizen(claire, 'post', `/v1/me/consents/${id}/revoke`);
  });
});

describe('consents are immutable and every change is traced in the ledger', () => {
  test('the database refuses UPDATE and DELETE on consents', async () => {
    await expect(w.t.db.pool.query(`UPDATE consents SET status = 'active'`)).rejects.toThrow(/immutable/);
    await expect(w.t.db.pool.query('DELETE FROM consents')).rejects.toThrow(/immutable/);
  });

  test('requested, granted, paused, resumed, revoked and refused are consent.event rows, without identity in clear', async () => {
    const refused = await requestConsent({ purpose: 'Enquête de satisfaction' });
    await asCitizen(claire, 'post', `/v1/me/consent-requests/${refused.body.id}/refuse`);
    const { items } = await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] }, { types: ['consent.event'], limit: 500 });
    const actions = new Set(items.map((e) => (e.detail as { action: string }).action));
    expect([...actions].sort()).toEqual(['expired', 'granted', 'paused', 'refused', 'requested', 'resumed', 'revoked']);
    expect(JSON.stringify(items)).not.toMatch(new RegExp(A.pivot.family_name, 'i'));
    expect(items.every((e) => e.outcome === 'recorded')).toBe(true);
  });
});

describe('a revocation stops exchanges in every process within 5 s (LISTEN/NOTIFY)', () => {
  test('a second process’ warm cache is invalidated at commit', async () => {
    const id = await acceptedConsent({ purpose: 'Accès au centre de loisirs' });
    const other = createConsentChecker({ pool: w.t.db.pool, clock: w.t.clock });
    try {
      await other.ready();
      const q = { subjectRef: w.refOf(A.pivot), apiSlug: API, consumerSiret: LYON, purpose: 'x' };
      await expect(other.check(q)).resolves.toMatchObject({ consentId: expect.any(String) });
      const all = await asCitizen(claire, 'get', '/v1/me/consents');
      const t0 = Date.now();
      for (const c of all.body.items)
        if (c.status === 'active' || c.status === 'paused') await asCitizen(claire, 'post', `/v1/me/consents/${c.id}/revoke`);
      let refused = false;
      while (!refused && Date.now() - t0 < 5000) {
        refused = await other.check(q).then(
          () => false,
          (err: { code?: string }) => /^client\.consent_(revoked|expired)$/.test(err.code ?? ''),
        );
        if (!refused) await new Promise((r) => setTimeout(r, 20));
      }
      expect(refused).toBe(true);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(id).toBeTruthy();
    } finally {
      await other.close();
    }
  });
});

describe('FranceConnect mode: the citizen present is the consent for that one exchange', () => {
  test('a citizen token replaces identity parameters; recorded with consent mode franceconnect', async () => {
    w.citizenTokens.set('fc-token-citoyen-1-0123456789', w.refOf(A.pivot));
    const path = `/exchange/${API}/quotient-familial?recipient=${LYON}&context=Cantine&object=Dossier%2042`;
    const res = await request(w.t.app)
      .get(path)
      .set('Authorization', `Bearer ${await w.token('c-lyon')}`)
      .set('X-FranceConnect-Token', 'fc-token-citoyen-1-0123456789');
    expect(res.status).toBe(200);
    const ev = await findEventById(w.t.db.pool, res.headers['x-request-id']!);
    expect(ev).toMatchObject({ subject_ref: w.refOf(A.pivot), detail: { consent: { mode: 'franceconnect' } } });
  });

  test('a bad citizen token is client.invalid_token; identity parameters with it are refused', async () => {
    const path = `/exchange/${API}/quotient-familial?recipient=${LYON}&context=Cantine&object=Dossier%2042`;
    const bad = await request(w.t.app)
      .get(path)
      .set('Authorization', `Bearer ${await w.token('c-lyon')}`)
      .set('X-FranceConnect-Token', 'unknown-token-0123456789');
    expect([bad.status, bad.body.code]).toEqual([401, 'client.invalid_token']);
    const both = await request(w.t.app)
      .get(`${path}&nomNaissance=X`)
      .set('Authorization', `Bearer ${await w.token('c-lyon')}`)
      .set('X-FranceConnect-Token', 'fc-token-citoyen-1-0123456789');
    expect([both.status, both.body.code]).toEqual([400, 'client.invalid_parameter']);
  });
});

describe('consent requests: who may ask, who may read', () => {
  test('a citizen cannot ask; an agent of another organisation cannot ask for Lyon', async () => {
    const asClaire = await request(w.t.app)
      .post('/v1/consent-requests')
      .set('Cookie', claire.cookie)
      .set('X-CSRF-Token', claire.csrfToken)
      .send({});
    expect([asClaire.status, asClaire.body.code]).toEqual([403, 'client.forbidden']);
    const gironde = await loginAs(w.t, 'departement-gironde-demandeur');
    const res = await request(w.t.app)
      .post('/v1/consent-requests')
      .set('Cookie', gironde.cookie)
      .set('X-CSRF-Token', gironde.csrfToken)
      .send({
        consumerSiret: LYON,
        subject: { kind: 'person', pivot: A.pivot },
        apiSlug: API,
        purpose: 'xxx',
        durationDays: 1,
      });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  });

  test('another organisation’s agent reads 404; bad bodies are 422 with pointers; no CSRF token is 403', async () => {
    const created = await requestConsent({ purpose: 'Lecture croisée' });
    const gironde = await loginAs(w.t, 'departement-gironde-demandeur');
    const read = await request(w.t.app).get(`/v1/consent-requests/${created.body.id}`).set('Cookie', gironde.cookie);
    expect([read.status, read.body.code]).toEqual([404, 'client.not_found']);
    const bad = await requestConsent({ durationDays: 0, dataElements: ['inconnue'], extra: 1 });
    expect([bad.status, bad.body.code]).toEqual([422, 'client.validation_failed']);
    const unknownElement = await requestConsent({ dataElements: ['donnee_qui_nexiste_pas'] });
    expect([unknownElement.status, unknownElement.body.code]).toEqual([422, 'client.validation_failed']);
    const noCsrf = await request(w.t.app).post('/v1/consent-requests').set('Cookie', lyonAgent.cookie).send({});
    expect([noCsrf.status, noCsrf.body.code]).toEqual([403, 'client.csrf_failed']);
    const anonymous = await request(w.t.app).post('/v1/consent-requests').send({});
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'client.unauthenticated']);
  });
});
