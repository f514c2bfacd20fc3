import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { subjectRef } from '../../schemas/index.js';
import { grantConsent } from '../../consent/index.js';
import { findEventById, listExchanges } from '../../ledger/index.js';
import { changeCaseStatus, listCases } from '../../audit/index.js';
import { ledgerCursorAt } from '../../gateway/services/citizen/trail-cursor.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, GIRONDE, CNAF, API, type ConsentWorld } from './world.js';

let w: ConsentWorld;
let me: LoginResult;
const A = citizen('citoyen-1');
const ids: { lyon: string[]; gironde: string[]; denied: string } = { lyon: [], gironde: [], denied: '' };

beforeAll(async () => {
  w = await startConsentWorld();
  me = await loginAs(w.t, 'citoyen-1');
  const ctx = w.t.services.consent.ctx;
  const ref = w.refOf(A.pivot);
  const denied = await w.exchange('c-gironde', A.pivot); // before any consent of Gironde
  ids.denied = denied.headers['x-request-id']!;
  for (const [siret, purpose] of [
    [LYON, 'Tarification sociale de la cantine'],
    [GIRONDE, 'Aide sociale à l’enfance'],
  ] as const) {
    await grantConsent(ctx, {
      subjectRef: ref,
      subjectKind: 'person',
      consumerSiret: siret,
      apiSlug: API,
      purpose,
      validUntil: new Date(w.t.clock.now().getTime() + 86_400_000 * 30),
      actor: { kind: 'citizen', id: ref },
    });
  }
  for (let i = 0; i < 3; i++) ids.lyon.push((await w.exchange('c-lyon', A.pivot)).headers['x-request-id']!);
  for (let i = 0; i < 2; i++) ids.gironde.push((await w.exchange('c-gironde', A.pivot)).headers['x-request-id']!);
});
afterAll(async () => {
  await w.stop();
});

const get = (path: string) => request(w.t.app).get(path).set('Cookie', me.cookie);

describe('the trail tells each exchange in plain words, newest first', () => {
  test('names, labels, purpose, legal basis and outcome — never values or JSON paths', async () => {
    const res = await get('/v1/me/exchanges');
    expect(res.status).toBe(200);
    const all = [...ids.gironde].reverse().concat([...ids.lyon].reverse(), [ids.denied]);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(all);
    const first = res.body.items[0];
    expect(first).toMatchObject({
      outcome: 'served',
      outcomeLabel: 'Données transmises',
      consumer: { siret: GIRONDE },
      producer: { siret: CNAF },
      context: 'Tarification cantine',
      object: 'Dossier 2026-0042',
      legalBasis: { nature: 'Article L. 312-1 CRPA' },
      consent: { mode: 'consent' },
    });
    expect(first.consumer.name).toMatch(/Gironde/);
    expect(first.producer.name).toMatch(/allocations familiales|CNAF/i);
    expect(first.dataElements.map((d: { label: string }) => d.label).join(' ')).toMatch(/[Qq]uotient familial/);
    const denied = res.body.items.at(-1);
    expect(denied).toMatchObject({ outcome: 'denied', problemCode: 'client.consent_missing' });
    expect(denied.outcomeLabel).toMatch(/^Refusé : votre consentement n’avait pas été donné/);
    expect(res.text).not.toMatch(/1234|quotient_familial\/valeur|DUPONT/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('filters: administration, data element, period', async () => {
    const byOrg = await get(`/v1/me/exchanges?administration=${LYON}`);
    expect(byOrg.body.items.map((i: { id: string }) => i.id)).toEqual([...ids.lyon].reverse());
    const byData = await get('/v1/me/exchanges?donnee=quotient_familial');
    expect(byData.body.items).toHaveLength(5);
    const today = w.t.clock.now().toISOString().slice(0, 10);
    expect((await get(`/v1/me/exchanges?du=${today}&au=${today}`)).body.items).toHaveLength(6);
    expect((await get('/v1/me/exchanges?au=2000-01-01')).body.items).toHaveLength(0);
    const bad = await get('/v1/me/exchanges?du=2026-02-30&administration=abc');
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/administration', '/du']);
    expect((await get('/v1/me/exchanges?limit=a')).body.code).toBe('client.invalid_parameter');
    expect((await get('/v1/me/exchanges?donnee=a&donnee=b')).body.code).toBe('client.duplicate_parameter');
  });

  test('cursor pages cover everything once, with and without filters', async () => {
    for (const filter of ['', `&administration=${LYON}`]) {
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const res = await get(`/v1/me/exchanges?limit=2${filter}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        next = res.body.nextCursor;
      } while (next);
      expect(seen).toEqual((await get(`/v1/me/exchanges?limit=200${filter}`)).body.items.map((i: { id: string }) => i.id));
    }
  });

  test('the ledger cursor format this relies on is the ledger’s own', async () => {
    const page = await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] }, { limit: 1 });
    const e = page.items[0]!;
    expect(ledgerCursorAt({ at: e.occurred_at, id: e.id })).toBe(page.nextCursor);
  });
});

describe('exports: CSV and JSON', () => {
  test('CSV with a header, one row per exchange, labels not paths', async () => {
    const res = await get(`/v1/me/exchanges/export?format=csv&administration=${LYON}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?mes-echanges-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^identifiant,date,administration/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/[Qq]uotient familial/);
  });

  test('JSON with the same items; a bad format is 400', async () => {
    const res = await get('/v1/me/exchanges/export?format=json');
    expect(res.body.items).toHaveLength(6);
    expect((await get('/v1/me/exchanges/export?format=xml')).body.code).toBe('client.invalid_parameter');
  });
});

describe('« Signaler un accès suspect » opens a case, recorded in the ledger and shown on the exchange', () => {
  test('the auditors get a citizen_report case (evidence: the exchange and the report event); its status reaches the citizen', async () => {
    const id = ids.gironde[0]!;
    // Nothing is filed before the citizen confirms.
    const unconfirmed = await request(w.t.app)
      .post(`/v1/me/exchanges/${id}/report`)
      .set('Cookie', me.cookie)
      .set('X-CSRF-Token', me.csrfToken)
      .send({});
    expect([unconfirmed.status, unconfirmed.body.code, unconfirmed.body.errors?.[0]?.pointer]).toEqual([
      422,
      'client.validation_failed',
      '/confirmed',
    ]);
    expect((await listCases(w.t.db.pool, { kind: 'citizen_report' })).items.filter((x) => x.evidence.includes(id))).toEqual([]);
    const filed = await request(w.t.app)
      .post(`/v1/me/exchanges/${id}/report`)
      .set('Cookie', me.cookie)
      .set('X-CSRF-Token', me.csrfToken)
      .send({ confirmed: true });
    expect(filed.status).toBe(201);
    const cases = await listCases(w.t.db.pool, { kind: 'citizen_report' });
    const c = cases.items.find((x) => x.evidence.includes(id))!;
    expect(c).toMatchObject({ source: 'citizen', status: 'open', consumerSiret: GIRONDE, apiSlug: API });
    const reportEvent = (await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] }, { types: ['citizen.report'] })).items.find(
      (e) => (e.detail as { exchangeId: string }).exchangeId === id,
    )!;
    expect(c.evidence.sort()).toEqual([id, reportEvent.id].sort());
    expect(JSON.stringify(c)).not.toContain(w.refOf(A.pivot));
    await changeCaseStatus(w.t.db.pool, { sub: 'auditeur' }, c.id, { status: 'investigating' }, w.t.clock);
    const mine = await get('/v1/me/reports');
    expect(mine.body.items.find((r: { eventId: string }) => r.eventId === id).status).toBe('investigating');
  });

  test('201 once, then 200 with the same case; citizen.report in the ledger; status in the trail', async () => {
    const id = ids.lyon[0]!;
    const post = () =>
      request(w.t.app)
        .post(`/v1/me/exchanges/${id}/report`)
        .set('Cookie', me.cookie)
        .set('X-CSRF-Token', me.csrfToken)
        .send({ message: 'Je n’ai aucun dossier à Lyon.', confirmed: true });
    const first = await post();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ eventId: id, status: 'open', message: 'Je n’ai aucun dossier à Lyon.' });
    const second = await post();
    expect([second.status, second.body.id]).toEqual([200, first.body.id]);
    const events = (await listExchanges(w.t.db.pool, { subjectRefs: [w.refOf(A.pivot)] }, { types: ['citizen.report'] })).items.filter(
      (e) => (e.detail as { exchangeId: string }).exchangeId === id,
    );
    expect(events).toHaveLength(1);
    // The message's digest, never the message.
    expect(events[0]!.detail).toEqual({
      caseId: first.body.id,
      exchangeId: id,
      messageSha256: createHash('sha256').update('Je n’ai aucun dossier à Lyon.').digest('hex'),
    });
    const trail = await get(`/v1/me/exchanges?administration=${LYON}`);
    expect(trail.body.items.find((i: { id: string }) => i.id === id).report).toEqual({ reportId: first.body.id, status: 'open' });
    expect((await get('/v1/me/reports')).body.items.map((c: { id: string }) => c.id)).toContain(first.body.id);
    expect(await findEventById(w.t.db.pool, events[0]!.id)).not.toBeNull();
  });

  test('without the CSRF token: 403; unknown field or too long a message: 4xx; unknown exchange: 404', async () => {
    const id = ids.lyon[1]!;
    const noCsrf = await request(w.t.app).post(`/v1/me/exchanges/${id}/report`).set('Cookie', me.cookie).send({});
    expect(noCsrf.body.code).toBe('client.csrf_failed');
    const post = (target: string, body: object) =>
      request(w.t.app).post(`/v1/me/exchanges/${target}/report`).set('Cookie', me.cookie).set('X-CSRF-Token', me.csrfToken).send(body);
    expect((await post(id, { extra: 1 })).body.code).toBe('client.unknown_field');
    expect((await post(id, { message: 'x'.repeat(2001), confirmed: true })).body.code).toBe('client.validation_failed');
    expect((await post('00000000-0000-4000-8000-000000000000', {})).body.code).toBe('client.not_found');
    expect((await post('not-a-uuid', {})).body.code).toBe('client.not_found');
  });
});

describe('a company representative also sees the trail of their company’s SIREN', () => {
  test('events about the company (appended with the ledger writer) appear beside their own', async () => {
    const rep = citizen('representant-entreprise');
    const companyRef = subjectRef(w.t.deps.config.SUBJECT_HMAC_SECRET, { kind: 'company', siren: rep.siren! });
    const id = randomUUID();
    await w.writer.append({
      id,
      type: 'exchange.served',
      occurredAt: w.t.clock.now(),
      consumerSiret: LYON,
      producerSiret: '12000500400011',
      apiSlug: 'insee-sirene',
      subjectRef: companyRef,
      subjectKind: 'company',
      context: 'Marché public',
      object: 'Lot 3',
      legalBasis: { nature: 'Code de la commande publique', url: null },
      outcome: 'served',
      status: 200,
    });
    const login = await loginAs(w.t, 'representant-entreprise');
    const res = await request(w.t.app).get('/v1/me/exchanges').set('Cookie', login.cookie);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    // …and nobody else does.
    expect((await get('/v1/me/exchanges?limit=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});
