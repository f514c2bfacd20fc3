import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { transitionApi } from '../../catalog/index.js';
import { auditWorld, CNAF, type AuditWorld } from './world.js';
import { CAST } from '../contracts/fixtures.js';

let t: TestApp;
let w: AuditWorld;
const AUDITOR = { 'X-Test-Principal': 'audrey' };
const OTHERS = {
  admin: { 'X-Test-Principal': 'pat' },
  applicant: { 'X-Test-Principal': 'alice' },
  instructor: { 'X-Test-Principal': 'ivan' },
};

beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  w = await auditWorld(t.db.pool);
});
afterAll(async () => {
  await w.close();
  await t.stop();
});

const gql = (query: string, headers: Record<string, string> = {}) => request(t.app).post('/graphql').set(headers).send({ query });
const ID = '00000000-0000-4000-8000-000000000000';
const OPERATIONS = [
  '{ auditContracts { items { id } } }',
  '{ auditRegister { contractId } }',
  '{ auditCases { items { id } } }',
  `{ auditCase(id: "${ID}") { id } }`,
  '{ auditMyActions { items { id } } }',
  'mutation { auditVerifyLedger { ok } }',
  `mutation { auditChangeCaseStatus(id: "${ID}", status: "investigating") { id } }`,
];

describe('audit GraphQL: only auditors get in', () => {
  for (const op of OPERATIONS) {
    test(`${op}: anonymous -> client.unauthenticated, non-auditors -> client.forbidden`, async () => {
      expect((await gql(op)).body.errors[0].extensions.code).toBe('client.unauthenticated');
      for (const h of Object.values(OTHERS)) expect((await gql(op, h)).body.errors[0].extensions.code).toBe('client.forbidden');
    });
  }

  test('an auditor queries contracts, register and actions; each read is recorded', async () => {
    const id = await w.contract();
    const res = await gql(
      '{ auditContracts(filter: { status: "active" }) { items { id usage { calls } } } auditRegister { contractId purpose dpoEmail } }',
      AUDITOR,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.auditContracts.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(res.body.data.auditRegister[0]).toMatchObject({ contractId: id, dpoEmail: 'denis@lyon.fr' });
    const mine = await gql('{ auditMyActions { items { action } } }', AUDITOR);
    expect(mine.body.data.auditMyActions.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['contracts.search', 'register.export', 'actions.read']),
    );
    const bad = await gql('{ auditContracts(filter: { producer: "x" }) { items { id } } }', AUDITOR);
    expect(bad.body.errors[0].extensions.code).toBe('client.invalid_parameter');
  });
});

describe('audit web console: only auditors get in', () => {
  const PAGES = [
    '/audit',
    `/audit/contrats/${ID}`,
    '/audit/registre',
    '/audit/cas',
    `/audit/cas/${ID}`,
    '/audit/journal',
    '/audit/mes-actions',
    `/audit/journal/preuve?id=${ID}`,
  ];
  for (const path of PAGES) {
    test(`GET ${path}: anonymous -> login page, non-auditors -> 403 client.forbidden`, async () => {
      const anon = await request(t.app).get(path);
      expect(anon.status).toBe(302);
      expect(anon.headers.location).toMatch(/^\/connexion\?retour=/);
      for (const h of Object.values(OTHERS)) {
        const res = await request(t.app).get(path).set(h);
        expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
      }
    });
  }
  for (const path of [`/audit/cas/${ID}/statut`, '/audit/journal/verifier']) {
    test(`POST ${path}: non-auditors -> 403 client.forbidden`, async () => {
      for (const h of Object.values(OTHERS)) {
        const res = await request(t.app).post(path).set(h).type('form').send({ status: 'closed', conclusion: 'x' });
        expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
      }
    });
  }

  test('an auditor sees the pages in French', async () => {
    const home = await request(t.app).get('/audit').set(AUDITOR).expect(200);
    expect(home.text).toContain('Contrats sous revue');
    expect(home.text).toContain('lang="fr"');
    expect((await request(t.app).get('/audit/registre').set(AUDITOR).expect(200)).text).toContain('Exporter en CSV');
    const id = await w.contract();
    await w.call(id, '2026-08-15T10:00:00Z');
    const contract = await request(t.app).get(`/audit/contrats/${id}`).set(AUDITOR).expect(200);
    for (const text of [
      'Termes en vigueur',
      'Versions et artefacts signés',
      'Historique des transitions',
      'Appels par jour',
      'jamais utilisé',
    ])
      expect(contract.text).toContain(text);
    expect((await request(t.app).get('/audit/cas?status=open').set(AUDITOR).expect(200)).text).toContain('<caption>');
    expect((await request(t.app).get('/audit/mes-actions').set(AUDITOR).expect(200)).text).toContain('data-action="contract.read"');
    expect((await request(t.app).get('/audit/contrats/nope').set(AUDITOR)).status).toBe(404);
    expect((await request(t.app).get('/audit/journal').set(AUDITOR).expect(200)).text).toContain('Vérifier');
    const verify = await request(t.app)
      .post('/audit/journal/verifier')
      .set(AUDITOR)
      .type('form')
      .send({ from: '2026-01-01', to: '2026-12-31' })
      .expect(200);
    expect(verify.text).toContain('data-ok="true"');
    const badDay = await request(t.app).post('/audit/journal/verifier').set(AUDITOR).type('form').send({ from: 'hier' });
    expect(badDay.status).toBe(422);
    const bad = await request(t.app).get('/audit/journal/preuve?id=nope').set(AUDITOR);
    expect(bad.status).toBe(422);
  });
});

describe('open statistics: anonymised monthly aggregates, small counts suppressed', () => {
  test('a month below the threshold shows no figure; a month above shows exchanges, consumers, latency, availability', async () => {
    await transitionApi(t.db.pool, 'cnaf-qf', { to: 'published' });
    const id = await w.contract();
    // October: 9 exchanges (suppressed). November: 18 served + 2 failed + 5 denied.
    for (let i = 0; i < 9; i++) await w.call(id, `2026-10-0${1 + (i % 9)}T10:00:00Z`);
    for (let i = 0; i < 18; i++) await w.call(id, `2026-11-02T10:00:${String(i).padStart(2, '0')}Z`, { latencyMs: 10 + i * 10 });
    for (let i = 0; i < 2; i++)
      await w.call(id, '2026-11-03T10:00:00Z', {
        type: 'exchange.failed',
        outcome: 'failed',
        problemCode: 'provider.timeout',
        status: 504,
        fields: undefined,
      });
    for (let i = 0; i < 5; i++)
      await w.call(id, '2026-11-03T11:00:00Z', {
        type: 'exchange.denied',
        outcome: 'denied',
        problemCode: 'client.scope_not_granted',
        status: 403,
        fields: undefined,
      });
    const res = await request(t.app).get('/v1/stats/apis/cnaf-qf?months=3').expect(200);
    const oct = res.body.months.find((m: { month: string }) => m.month === '2026-10');
    const nov = res.body.months.find((m: { month: string }) => m.month === '2026-11');
    expect(oct).toMatchObject({ suppressed: true, exchanges: null, consumers: null, availability: null });
    expect(nov).toMatchObject({
      suppressed: false,
      exchanges: 25,
      served: 18,
      consumers: 1,
      availability: 0.9,
      failed: null,
      denied: null,
    });
    expect(nov.latencyMs.p50).toBeCloseTo(95, 0);
    expect(nov.latencyMs.p95).toBeGreaterThan(160);
    expect(JSON.stringify(res.body)).not.toMatch(/subject|recipient|[0-9a-f]{64}/);
    const page = await request(t.app).get('/catalogue/api/cnaf-qf').expect(200);
    expect(page.text).toContain('Statistiques d’usage');
    expect(page.text).toContain('moins de 10 échanges');
    const gq = await request(t.app)
      .post('/graphql')
      .send({ query: '{ apiStatistics(slug: "cnaf-qf", months: 3) { months { month suppressed exchanges availability } } }' });
    expect(gq.body.data.apiStatistics.months).toEqual(
      expect.arrayContaining([{ month: '2026-11', suppressed: false, exchanges: 25, availability: 0.9 }]),
    );
  });

  test('an unpublished API publishes nothing', async () => {
    const res = await request(t.app).get('/v1/stats/apis/cnaf-qf-sensible');
    expect([res.status, res.body.code]).toEqual([404, 'client.not_found']);
    const bad = await request(t.app).get('/v1/stats/apis/cnaf-qf?months=99');
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
  });
});
void CNAF;

describe("a citizen report arrives as a case (openCase, the consent space's entry point)", () => {
  test('opened with source citizen, shown on its page, investigated then closed with a conclusion through the web form', async () => {
    const { openCase } = await import('../../audit/index.js');
    const id = await w.contract();
    const event = await w.call(id, w.clock.now());
    const opened = await openCase(
      t.db.pool,
      { kind: 'citizen_report', source: 'citizen', contractId: id, evidence: [event], summary: 'Je ne connais pas cet organisme.' },
      w.clock,
    );
    expect(opened).toMatchObject({
      created: true,
      notified: 4,
      case: { source: 'citizen', status: 'open', consumerSiret: '21690123100011', evidence: [event] },
    });
    const page = await request(t.app).get(`/audit/cas/${opened.case.id}`).set(AUDITOR).expect(200);
    expect(page.text).toContain('Je ne connais pas cet organisme.');
    expect(page.text).toContain(`/v1/audit/ledger/events/${event}/evidence`);
    expect(page.text).toContain('exchange.served');
    const missing = await request(t.app)
      .post(`/audit/cas/${opened.case.id}/statut`)
      .set(AUDITOR)
      .type('form')
      .send({ status: 'closed', conclusion: '' });
    expect(missing.status).toBe(422);
    await request(t.app)
      .post(`/audit/cas/${opened.case.id}/statut`)
      .set(AUDITOR)
      .type('form')
      .send({ status: 'investigating', conclusion: 'Appel au consommateur' })
      .expect(303);
    await request(t.app)
      .post(`/audit/cas/${opened.case.id}/statut`)
      .set(AUDITOR)
      .type('form')
      .send({ status: 'closed', conclusion: 'Accès justifié : dossier de cantine.' })
      .expect(303);
    const closed = await request(t.app).get(`/audit/cas/${opened.case.id}`).set(AUDITOR).expect(200);
    expect(closed.text).toContain('Accès justifié : dossier de cantine.');
    expect(closed.text).not.toContain('id="statut"');
  });

  test('bad input from the citizen space is refused with a problem, never half-written', async () => {
    const { openCase } = await import('../../audit/index.js');
    await expect(
      openCase(t.db.pool, { kind: 'citizen_report', source: 'citizen', evidence: ['not-an-id'], summary: 'x' }),
    ).rejects.toMatchObject({ code: 'client.validation_failed' });
    await expect(openCase(t.db.pool, { kind: 'citizen_report', source: 'citizen', evidence: [], summary: '   ' })).rejects.toMatchObject({
      code: 'client.validation_failed',
    });
    await expect(openCase(t.db.pool, { kind: 'Bad Kind', source: 'citizen', evidence: [], summary: 'x' })).rejects.toThrow(TypeError);
  });
});

describe('a report filed in the citizen space reaches the console through the ledger', () => {
  test("reportExchange -> citizen.report event -> a case with the exchange and the report as evidence, without the citizen's message", async () => {
    const { reportExchange } = await import('../../consent/index.js');
    const id = await w.contract();
    const subjectRef = 'c'.repeat(64);
    const exchange = await w.call(id, w.clock.now(), { subjectRef });
    const filed = await reportExchange(t.services.consent.ctx, {
      event: { id: exchange, subjectRef, subjectKind: 'person', consumerSiret: '21690123100011', apiSlug: 'cnaf-qf' },
      message: 'Inconnu',
      actor: { kind: 'citizen', id: 'citoyen-1' },
    });
    await w.evaluator.runOnce();
    const list = await request(t.app).get(`/v1/audit/cases?kind=citizen_report&contract=${id}`).set(AUDITOR).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ source: 'citizen', contractId: id, evidence: [exchange, filed.ledgerEventId] });
    expect(JSON.stringify(list.body)).not.toContain('Inconnu');
  });
});
