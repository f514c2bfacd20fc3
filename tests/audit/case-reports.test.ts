/**
 * Citizens' reports reach the auditors on the case itself: `GET /v1/audit/cases/{id}` and the
 * case page `/audit/cas/{id}` carry the messages of the reports the case instructs — the report
 * that opened it, or one on the case's exchange that the audit evaluator turned into a case
 * later — the read recorded in the ledger (`audit.read`, `case.read`, with the number of
 * reports) before the answer; the answer form on the case page brings the auditor back to it;
 * a rule's case carries none; only auditors read any of it.
 */
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { fileReport } from '../../consent/index.js';
import { fileMyReport } from '../../gateway/services/citizen/dossier.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import type { ExchangeEvent } from '../../exchange/ports.js';
import { getCase, openCase } from '../../audit/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST } from '../contracts/fixtures.js';

let t: TestApp;
const AUDITOR = { 'X-Test-Principal': 'audrey' };
const ME = 'c'.repeat(64);
const LYON = '21690123100011';
const OPENED = 'Je ne connais pas la mairie de Lyon : pourquoi ont-ils mon quotient familial ?';
const LATER = 'Je n’ai jamais fait de demande à ce département.';

beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
});
afterAll(async () => {
  await t.stop();
});

async function servedExchange(consumerSiret = LYON): Promise<string> {
  const id = randomUUID();
  const e: ExchangeEvent = {
    id,
    type: 'exchange.served',
    occurredAt: t.clock.now(),
    outcome: 'served',
    status: 200,
    latencyMs: 3,
    subjectRef: ME,
    subjectKind: 'person',
    consumerSiret,
    apiSlug: 'cnaf-quotient-familial',
  };
  await ledgerWriterPort(t.deps.ledger).append(e);
  return id;
}

async function caseReads(caseId: string): Promise<{ result?: { reports?: number } }[]> {
  const { rows } = await t.db.pool.query<{ detail: { result?: { reports?: number } } }>(
    `SELECT detail FROM ledger_events WHERE type = 'audit.read' AND actor->>'id' = 'audrey' AND detail->>'action' = 'case.read' AND detail->>'target' = $1 ORDER BY recorded_at`,
    [caseId],
  );
  return rows.map((r) => r.detail);
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

test('the report that opened the case: its message in GET /v1/audit/cases/{id} and on the case page, each read recorded', async () => {
  const exchangeId = await servedExchange();
  const s = t.services.citizen;
  const filed = await fileMyReport(s, {
    refs: [ME],
    exchangeId,
    message: OPENED,
    confirmed: true,
    actor: { kind: 'citizen', id: ME },
  });
  const caseId = (await t.db.pool.query('SELECT audit_case_id FROM citizen_reports WHERE id = $1', [filed.report.id])).rows[0]
    .audit_case_id as string;
  expect(caseId).toBeTruthy();

  const one = await request(t.app).get(`/v1/audit/cases/${caseId}`).set(AUDITOR).expect(200);
  expect(one.body).toMatchObject({ id: caseId, source: 'citizen', kind: 'citizen_report' });
  expect(one.body.reports).toEqual([
    {
      reportId: filed.report.id,
      eventId: exchangeId,
      message: OPENED,
      messageSha256: digest(OPENED),
      createdAt: expect.any(String),
      reply: null,
    },
  ]);
  expect(JSON.stringify(one.body)).not.toContain(ME);
  expect(await caseReads(caseId)).toEqual([expect.objectContaining({ result: { reports: 1 } })]);

  const page = await request(t.app).get(`/audit/cas/${caseId}`).set(AUDITOR).expect(200);
  expect(page.text).toContain('id="signalements"');
  expect(page.text).toContain('Je ne connais pas la mairie de Lyon');
  expect(page.text).toContain(digest(OPENED));
  expect(page.text).toContain(`action="/audit/cas/${caseId}/signalements/${filed.report.id}/reponse"`);
  expect(await caseReads(caseId)).toHaveLength(2);

  // The answer is written from the case page and brings the auditor back to it.
  const answered = await request(t.app)
    .post(`/audit/cas/${caseId}/signalements/${filed.report.id}/reponse`)
    .set(AUDITOR)
    .type('form')
    .send({ reply: 'La mairie instruit votre dossier de cantine : accès justifié.' })
    .expect(303);
  expect(answered.headers.location).toBe(`/audit/cas/${caseId}?info=repondu#signalements`);
  const after = await request(t.app).get(`/audit/cas/${caseId}?info=repondu`).set(AUDITOR).expect(200);
  expect(after.text).toContain('Votre réponse est enregistrée');
  expect(after.text).toContain('accès justifié');
  const json = await request(t.app).get(`/v1/audit/cases/${caseId}`).set(AUDITOR).expect(200);
  expect(json.body.reports[0].reply).toMatchObject({ text: 'La mairie instruit votre dossier de cantine : accès justifié.' });

  // The former page of a case's reports leads to the case page's section.
  const former = await request(t.app).get(`/audit/cas/${caseId}/signalements`).set(AUDITOR).expect(303);
  expect(former.headers.location).toBe(`/audit/cas/${caseId}#signalements`);
});

test('a report the audit evaluator turned into a case later (not linked) is on that case too', async () => {
  const exchangeId = await servedExchange('22330001300016');
  const s = t.services.citizen;
  const filed = await fileReport(s.reports, {
    event: { id: exchangeId, subjectRef: ME, subjectKind: 'person', consumerSiret: '22330001300016', apiSlug: 'cnaf-quotient-familial' },
    message: LATER,
    confirmed: true,
    actor: { kind: 'citizen', id: ME },
  });
  expect(filed.report.auditCaseId).toBeNull();
  await t.services.usageControl.runOnce();
  const { rows } = await t.db.pool.query(`SELECT id FROM audit_cases WHERE dedup_key = $1`, [`exchange:${exchangeId}`]);
  expect(rows).toHaveLength(1);
  const caseId = rows[0].id as string;
  const one = await request(t.app).get(`/v1/audit/cases/${caseId}`).set(AUDITOR).expect(200);
  expect(one.body.reports).toEqual([expect.objectContaining({ reportId: filed.report.id, message: LATER })]);
  expect(await caseReads(caseId)).toEqual([expect.objectContaining({ result: { reports: 1 } })]);
  expect((await request(t.app).get(`/audit/cas/${caseId}`).set(AUDITOR).expect(200)).text).toContain('jamais fait de demande');
});

test('a rule’s case carries no report; nobody but an auditor reads a case', async () => {
  const exchangeId = await servedExchange();
  const opened = await openCase(
    t.db.pool,
    { kind: 'denial_burst', source: 'rule', dedupKey: `burst:${exchangeId}`, evidence: [exchangeId], summary: 'Rafale de refus.' },
    t.clock,
  );
  expect((await getCase(t.db.pool, opened.case.id)).kind).toBe('denial_burst');
  const one = await request(t.app).get(`/v1/audit/cases/${opened.case.id}`).set(AUDITOR).expect(200);
  expect(one.body.reports).toEqual([]);
  expect((await request(t.app).get(`/audit/cas/${opened.case.id}`).set(AUDITOR).expect(200)).text).not.toContain('id="signalements"');
  for (const who of ['pat', 'alice']) {
    const res = await request(t.app).get(`/v1/audit/cases/${opened.case.id}`).set({ 'X-Test-Principal': who });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  }
  expect((await request(t.app).get(`/v1/audit/cases/${opened.case.id}`)).status).toBe(401);
});
