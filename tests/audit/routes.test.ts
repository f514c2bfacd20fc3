import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { describeAccessControl, type ProtectedRoute } from '../helpers/security.js';
import { createLedgerWriter, loadLedgerSigner, verifyEvidence, type LedgerWriter } from '../../ledger/index.js';
import { auditWorld, casesOf, LYON, CNAF, type AuditWorld } from './world.js';
import { CAST } from '../contracts/fixtures.js';

let t: TestApp;
let w: AuditWorld;
let writer: LedgerWriter;
const AUDITOR = { 'X-Test-Principal': 'audrey' };

beforeAll(async () => {
  let target: LedgerWriter | null = null;
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)], ledger: { append: (e) => target!.append(e) } } });
  writer = createLedgerWriter({ pool: t.db.pool, chainId: 'gw-audit-routes', clock: t.clock, signer: await loadLedgerSigner(t.db.pool) });
  target = writer;
  w = await auditWorld(t.db.pool, { denialBurst: { count: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await w.close();
  await writer.close();
  await t.stop();
});

const CASE = '00000000-0000-4000-8000-000000000000';
const REPORT = '00000000-0000-4000-8000-000000000001';
const ROUTES: ProtectedRoute[] = [
  { method: 'get', path: '/v1/audit/contracts' },
  { method: 'get', path: `/v1/audit/contracts/${CASE}` },
  { method: 'get', path: '/v1/audit/register?format=csv' },
  { method: 'get', path: '/v1/audit/cases' },
  { method: 'get', path: `/v1/audit/cases/${CASE}` },
  { method: 'post', path: `/v1/audit/cases/${CASE}/status`, body: { status: 'investigating' } },
  { method: 'get', path: `/v1/audit/cases/${CASE}/reports` },
  { method: 'post', path: `/v1/audit/cases/${CASE}/reports/${REPORT}/reply`, body: { reply: 'Conclusion.' } },
  { method: 'post', path: '/v1/audit/ledger/verify', body: {} },
  { method: 'get', path: `/v1/audit/ledger/events/${CASE}` },
  { method: 'get', path: `/v1/audit/ledger/events/${CASE}/evidence` },
  { method: 'get', path: '/v1/audit/ledger/keys' },
  { method: 'get', path: '/v1/audit/me/actions' },
  { method: 'get', path: '/v1/audit/evaluator' },
];

describeAccessControl(
  'audit REST (platform admin is not an auditor)',
  () => t.app,
  ROUTES,
  () => ({ 'X-Test-Principal': 'pat' }),
);
describeAccessControl(
  'audit REST (an applicant is not an auditor)',
  () => t.app,
  ROUTES,
  () => ({ 'X-Test-Principal': 'alice' }),
);

async function auditReads(): Promise<number> {
  const { rows } = await t.db.pool.query(
    `SELECT count(*)::int AS n FROM ledger_events WHERE type = 'audit.read' AND actor->>'id' = 'audrey'`,
  );
  return rows[0].n;
}

describe('audit console REST: every auditor read is recorded in the ledger before it is answered', () => {
  let contractId: string;
  let caseId: string;
  let denialIds: string[];

  beforeAll(async () => {
    contractId = await w.contract({ volume_per_minute: 100 });
    await w.call(contractId, t.clock.now());
    denialIds = [];
    for (let i = 0; i < 3; i++)
      denialIds.push(
        await w.call(contractId, new Date(t.clock.now().getTime() + i), {
          type: 'exchange.denied',
          outcome: 'denied',
          problemCode: 'client.scope_not_granted',
          status: 403,
        }),
      );
    await w.evaluator.runOnce();
    caseId = (await casesOf(t.db.pool, 'denial_burst'))[0]!.id;
  });

  test('contracts with filters and usage; a bad filter is a problem, not a 500', async () => {
    const before = await auditReads();
    const res = await request(t.app)
      .get(`/v1/audit/contracts?producer=${CNAF}&status=active&sensitivity=sensitive&api=cnaf-qf`)
      .set(AUDITOR)
      .expect(200);
    const item = res.body.items.find((c: { id: string }) => c.id === contractId);
    expect(item).toMatchObject({ status: 'active', consumerSiret: LYON, sensitivity: 'sensitive', usage: { calls: 4 } });
    expect((await request(t.app).get('/v1/audit/contracts?status=revoked').set(AUDITOR)).body.items).toEqual([]);
    expect(await auditReads()).toBe(before + 2);
    const bad = await request(t.app).get('/v1/audit/contracts?producer=123').set(AUDITOR);
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
    const dup = await request(t.app).get('/v1/audit/contracts?status=active&status=revoked').set(AUDITOR);
    expect([dup.status, dup.body.code]).toEqual([400, 'client.duplicate_parameter']);
  });

  test('a contract file: versions, signed artefacts, history, usage per day, scopes used vs granted, its cases', async () => {
    const res = await request(t.app).get(`/v1/audit/contracts/${contractId}`).set(AUDITOR).expect(200);
    expect(res.body.contract.versions).toHaveLength(1);
    expect(res.body.artefacts[0].jws.split('.')).toHaveLength(3);
    expect(res.body.history.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['create', 'submit']));
    expect(res.body.review.usage.days[0]).toMatchObject({ calls: 4, served: 1, denied: 3 });
    expect(res.body.review.usage.scopes).toEqual(
      expect.arrayContaining([
        { name: 'qf_valeur', label: expect.any(String), used: true },
        { name: 'qf_annee', label: expect.any(String), used: false },
      ]),
    );
    expect(res.body.cases.map((c: { id: string }) => c.id)).toContain(caseId);
    const missing = await request(t.app).get('/v1/audit/contracts/not-a-uuid').set(AUDITOR);
    expect([missing.status, missing.body.code]).toEqual([404, 'client.not_found']);
  });

  test('register of processing: CSV (RFC 4180, formula-safe) and JSON, one row per validated contract', async () => {
    const csv = await request(t.app)
      .get('/v1/audit/register?format=csv&consumer=' + LYON)
      .set(AUDITOR)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="registre-des-traitements-/);
    const rows = parse(csv.text, { columns: true, bom: true }) as Record<string, string>[];
    const row = rows.find((r) => r.contrat === contractId)!;
    expect(row).toMatchObject({
      finalite: 'Tarification sociale de la restauration scolaire',
      destinataires: LYON,
      conservation_mois: '12',
      dpd_courriel: 'denis@lyon.fr',
      statut: 'active',
    });
    expect(row.base_legale).toContain('action sociale');
    const json = await request(t.app).get('/v1/audit/register').set(AUDITOR).expect(200);
    expect(json.body.entries.find((e: { contractId: string }) => e.contractId === contractId)).toMatchObject({
      controller: { email: 'claire@lyon.fr' },
      scopes: ['qf_valeur', 'qf_annee'],
    });
    const bad = await request(t.app).get('/v1/audit/register?format=xls').set(AUDITOR);
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
  });

  test('cases: list, detail with evidence and notifications, open -> investigating -> closed with a conclusion', async () => {
    const list = await request(t.app).get('/v1/audit/cases?status=open&kind=denial_burst').set(AUDITOR).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    const one = await request(t.app).get(`/v1/audit/cases/${caseId}`).set(AUDITOR).expect(200);
    expect(one.body.evidence).toEqual(denialIds);
    const noConclusion = await request(t.app).post(`/v1/audit/cases/${caseId}/status`).set(AUDITOR).send({ status: 'closed' });
    expect([noConclusion.status, noConclusion.body.code]).toEqual([422, 'client.reason_required']);
    await request(t.app)
      .post(`/v1/audit/cases/${caseId}/status`)
      .set(AUDITOR)
      .send({ status: 'investigating', note: 'Contact pris' })
      .expect(200);
    const closed = await request(t.app)
      .post(`/v1/audit/cases/${caseId}/status`)
      .set(AUDITOR)
      .send({ status: 'closed', conclusion: 'Client mal configuré, corrigé.' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', conclusion: 'Client mal configuré, corrigé.' });
    expect(closed.body.history.map((h: { action: string }) => h.action)).toEqual(['open', 'investigate', 'close']);
    const again = await request(t.app).post(`/v1/audit/cases/${caseId}/status`).set(AUDITOR).send({ status: 'investigating' });
    expect([again.status, again.body.code]).toEqual([409, 'client.invalid_transition']);
    const extra = await request(t.app)
      .post(`/v1/audit/cases/${caseId}/status`)
      .set(AUDITOR)
      .send({ status: 'closed', conclusion: 'x', extra: 1 });
    expect([extra.status, extra.body.code]).toEqual([422, 'client.validation_failed']);
  });

  test('ledger verification over a range, and an evidence bundle that verifies offline', async () => {
    const v = await request(t.app).post('/v1/audit/ledger/verify').set(AUDITOR).send({ from: '2026-01-01T00:00:00Z' }).expect(200);
    expect(v.body).toMatchObject({ ok: true, breakCount: 0 });
    expect(v.body.events).toBeGreaterThan(0);
    const bad = await request(t.app).post('/v1/audit/ledger/verify').set(AUDITOR).send({ from: 'hier' });
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
    await w.writer.close();
    await writer.checkpointNow();
    const res = await request(t.app).get(`/v1/audit/ledger/events/${denialIds[0]}/evidence`).set(AUDITOR).expect(200);
    expect(res.headers['content-disposition']).toContain(`preuve-${denialIds[0]}.json`);
    const keys = await request(t.app).get('/v1/audit/ledger/keys').set(AUDITOR).expect(200);
    expect(await verifyEvidence(res.body, { trustedKeys: keys.body.keys })).toMatchObject({ ok: true, errors: [] });
    const forged = { ...res.body, segment: [{ ...res.body.segment[0], recipient: '11111111111111' }, ...res.body.segment.slice(1)] };
    expect((await verifyEvidence(forged, { trustedKeys: keys.body.keys })).ok).toBe(false);
  });

  test('my actions: every read above is listed, newest first, including this consultation', async () => {
    t.clock.advance(1000);
    const res = await request(t.app).get('/v1/audit/me/actions?limit=200').set(AUDITOR).expect(200);
    const actions = res.body.items.map((a: { action: string }) => a.action);
    expect(actions[0]).toBe('actions.read');
    expect(actions).toEqual(
      expect.arrayContaining([
        'contracts.search',
        'contract.read',
        'register.export',
        'cases.search',
        'case.read',
        'case.transition',
        'ledger.verify',
        'evidence.download',
      ]),
    );
    const other = await request(t.app).get('/v1/audit/me/actions').set({ 'X-Test-Principal': 'pat' });
    expect(other.status).toBe(403);
  });

  test('the evaluator lag is exposed', async () => {
    const res = await request(t.app).get('/v1/audit/evaluator').set(AUDITOR).expect(200);
    expect(res.body).toMatchObject({ behindEvents: expect.any(Number), chains: expect.any(Array) });
  });

  test('no audit read without a trace: when the ledger refuses, nothing is answered (503)', async () => {
    const app = await startTestApp({
      deps: {
        authenticators: [testPrincipals(CAST)],
        ledger: {
          append: async () => {
            throw new Error('disk full');
          },
        },
      },
    });
    try {
      const res = await request(app.app).get('/v1/audit/contracts').set(AUDITOR);
      expect([res.status, res.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
      expect(res.body.items).toBeUndefined();
    } finally {
      await app.stop();
    }
  });
});

test('the access-control list covers every mounted /v1/audit route', () => {
  const mounted = t.routes
    .filter((r) => r.path.startsWith('/v1/audit'))
    .map((r) => `${r.method} ${r.path}`)
    .sort();
  const tested = ROUTES.map((r) => `${r.method} ${r.path.split('?')[0]!.replaceAll(CASE, '{id}').replaceAll(REPORT, '{reportId}')}`).sort();
  expect(tested).toEqual(mounted);
  // Each is guarded by its declaration (gateway/http/access.ts): the auditor role, nothing else.
  expect(
    t.routes
      .filter((r) => r.path.startsWith('/v1/audit'))
      .every((r) => JSON.stringify(r.access) === JSON.stringify({ platform: ['auditor'] }) && r.security.length > 0),
  ).toBe(true);
});
