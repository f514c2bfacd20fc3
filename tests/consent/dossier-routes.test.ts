/**
 * The citizen's dossier over REST, on real parts wired locally (the composition root is being
 * rebuilt; this wiring passes the same services it will): the demo world's catalogue and
 * producers' real backends, the real exchange ports (catalogue, connectors, consent checker,
 * ledger writer), the consumer calling through the real pipeline.
 * - rights follow each API's policy; « Je m'oppose » refuses the consumer's next call
 *   (`client.subject_objected`), the refusal shows in the person's trail, withdrawing serves again;
 * - "Mes données" for the CNAF shows the person's quotient familial, the trail then shows that
 *   consultation, and no table of the database holds the values;
 * - a report needs its confirmation, reaches the auditor (each read recorded), the auditor's
 *   conclusion reaches the citizen;
 * - a parent of the demo represents their minor child: after switching, sees the child's trail,
 *   never another person's; the switch is bound to the parent's session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import {
  createConsentChecker,
  identityParameters,
  seedDemoRepresentation,
  type ConsentCheckerHandle,
  type DemoRepresentation,
  type ReportContext,
} from '../../consent/index.js';
import { getCase, openCase } from '../../audit/index.js';
import { listDemoWorldPeople, startDemoProducers, type DemoProducersRuntime } from '../../connectors/index.js';
import { createExchangePipeline, type ExchangePipeline } from '../../exchange/pipeline.js';
import type { ExchangePorts } from '../../exchange/ports.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { createKeySealer, manualClock, subjectRef, type PersonPivot } from '../../schemas/index.js';
import { loadConfig } from '../../gateway/config.js';
import type { AppDeps } from '../../gateway/deps.js';
import { authenticate } from '../../gateway/http/auth.js';
import { problemHandler } from '../../gateway/http/problem.js';
import { mountRoutes } from '../../gateway/http/route.js';
import type { Principal } from '../../gateway/http/principal.js';
import { catalogEndpoints } from '../../gateway/exchange-adapters/catalog.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { consentCheckerPort } from '../../gateway/exchange-adapters/consent.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { createLocalTokenIssuer, fixedContracts, fakeGrant } from '../support/exchange-fakes.js';
import { pgRateLimiter } from '../../gateway/exchange-adapters/pg-rate-limiter.js';
import { exchangeSettings } from '../../gateway/exchange-adapters/real.js';
import { createLabelCache } from '../../gateway/services/citizen/labels.js';
import { createMyDataConsultation, type MyDataConsultation } from '../../gateway/services/citizen/my-data.js';
import { resolveActing } from '../../gateway/services/citizen/acting.js';
import { createAuditRecorder } from '../../gateway/services/audit-recorder.js';
import { citizenDossierRoutes } from '../../gateway/rest/consent-citizen.js';
import { trailRoutes } from '../../gateway/rest/consent-trail.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';
import { qs } from '../support/exchange-world.js';
import { testPrincipals } from '../helpers/principals.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { appendTo } from './domain-world.js';

const LYON = '21690123100011';
const CNAF_API = 'cnaf-quotient-familial';

let db: TestDatabase;
let writer: LedgerWriter;
let checker: ConsentCheckerHandle;
let demo: DemoProducersRuntime;
let catalog: ReturnType<typeof catalogEndpoints>;
let pipeline: ExchangePipeline;
let myData: MyDataConsultation;
let app: express.Express;
let rep: DemoRepresentation;
let stranger: PersonPivot;
let dataDir: string;
const clock = manualClock(new Date());
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ADMIN_TOKEN: 'test-admin-token-0123456789abcdef0123456789',
  PUBLIC_URL: 'http://localhost:3000',
});
const secret = config.SUBJECT_HMAC_SECRET;
const contracts = fixedContracts([
  fakeGrant('c-lyon', {
    purpose: 'Offre de tarif social (démarche proactive)',
    scopes: ['quotient_familial'],
    endpoints: ['getQuotientFamilial'],
  }),
]);
let issuer: Awaited<ReturnType<typeof createLocalTokenIssuer>>;

function citizenPrincipal(name: string, pivot: PersonPivot): Omit<Principal, 'via'> {
  return {
    kind: 'citizen',
    sub: name,
    name,
    memberships: [],
    platformRoles: [],
    citizen: { pivot, subjectRef: subjectRef(secret, { kind: 'person', pivot }) },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const logger = pino({ level: 'silent' });
  await seedDemoOrganisations(db.pool);
  await seedDemoCatalog(db.pool, logger);
  dataDir = mkdtempSync(join(tmpdir(), 'dp-dossier-'));
  demo = await startDemoProducers({ pool: db.pool, dataDir });
  const connectors = domainConnectorRegistry();
  for (const [slug, c] of demo.connectors) connectors.set(slug, c);
  writer = createLedgerWriter({ pool: db.pool, clock, chainId: `dossier-${process.pid}` });
  checker = createConsentChecker({ pool: db.pool, clock });
  await checker.ready();
  catalog = catalogEndpoints(db.pool);
  issuer = await createLocalTokenIssuer({ issuer: 'http://localhost:3000', clock });
  const ports: ExchangePorts = {
    tokens: issuer.verifier,
    contracts,
    catalog,
    connectors,
    ledger: ledgerWriterPort(writer),
    rateLimiter: pgRateLimiter(db.pool, clock),
    consent: consentCheckerPort(() => checker),
    clock,
  };
  const settings = exchangeSettings(config, logger);
  pipeline = createExchangePipeline(ports, settings);
  myData = createMyDataConsultation({ pool: db.pool, ports, settings, subjectSecret: secret });

  const ctx = { pool: db.pool, clock, recordConsentEvent: appendTo(writer) };
  const reports: ReportContext = { ...ctx, sealer: createKeySealer(config.KEY_ENCRYPTION_SECRET, 'report-messages') };
  const labels = createLabelCache(db.pool);
  rep = (await seedDemoRepresentation(ctx, { people: listDemoWorldPeople(), subjectSecret: secret }))!;
  stranger = listDemoWorldPeople().find((p) => subjectRef(secret, { kind: 'person', pivot: p.pivot }) !== rep.parentRef)!.pivot;
  const deps = { config, pool: db.pool, clock, logger, ledger: writer } as unknown as AppDeps;
  const routes = [
    ...citizenDossierRoutes({
      consent: { ctx, labels },
      reports,
      notify: { pool: db.pool, clock },
      myData,
      caseStatusOf: async (id) => (await getCase(db.pool, id)).status,
      openReportCase: async (ev) =>
        (
          await openCase(
            db.pool,
            { kind: 'citizen_report', source: 'citizen', dedupKey: `exchange:${ev.id}`, evidence: [ev.id], summary: 'Signalement' },
            clock,
          )
        ).case.id,
      recorder: createAuditRecorder({ clock, ledger: writer }),
      acting: { key: 'test-acting-key', secure: false },
      subjectSecret: secret,
      mandateDeclarers: [],
    }),
    ...trailRoutes(deps, { consent: { labels } } as never),
  ];
  app = express();
  app.use(express.json());
  app.use(
    authenticate([
      testPrincipals({
        parent: citizenPrincipal('parent', rep.parent),
        stranger: citizenPrincipal('stranger', stranger),
        auditor: { kind: 'agent', sub: 'auditrice', name: 'Auditrice', memberships: [], platformRoles: ['auditor'] },
      }),
    ]),
  );
  app.use(resolveActing({ ctx, key: 'test-acting-key', secure: false }));
  mountRoutes(app, routes);
  app.use(problemHandler(config.PUBLIC_URL, logger));
}, 120_000);

afterAll(async () => {
  await pipeline?.close();
  await myData?.close();
  await checker?.close();
  await catalog?.close();
  await writer?.close();
  await demo?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Lyon's back end asks the CNAF about `pivot` through the real pipeline. */
async function lyonAsksAbout(pivot: PersonPivot) {
  clock.advance(1000);
  const c = (await contracts.get('c-lyon'))!;
  const token = await issuer.issue({
    client_id: c.clientIds[0]!,
    contract_id: c.id,
    contract_version: c.version,
    consumer_siret: c.consumerSiret,
    scope: c.scopes.join(' '),
  });
  const rawQuery = qs({ recipient: LYON, context: 'Tarif social', object: 'Offre 2026', ...identityParameters(pivot) });
  const r = await pipeline.run({
    method: 'GET',
    apiSlug: CNAF_API,
    path: '/v1/quotient-familial',
    rawQuery,
    authorization: `Bearer ${token}`,
    ip: '127.0.0.1',
    readBody: async () => undefined,
  });
  return { status: r.status, code: r.problemCode ?? null, id: r.exchangeId };
}

const as = (who: string, cookie?: string) => {
  const withHeaders = (t: request.Test) => (cookie ? t.set('X-Test-Principal', who).set('Cookie', cookie) : t.set('X-Test-Principal', who));
  return {
    get: (path: string) => withHeaders(request(app).get(path)),
    post: (path: string, body?: object) => withHeaders(request(app).post(path)).send(body ?? {}),
    put: (path: string, body?: object) => withHeaders(request(app).put(path)).send(body ?? {}),
  };
};

describe('rights by policy and the right to object (CRPA L114-8 II)', () => {
  test('objects to the proactive CNAF API → Lyon refused client.subject_objected → the refusal in the trail → withdrawn → served', async () => {
    const rights = (await as('parent').get('/v1/me/rights')).body.items as { apiSlug: string; consent: boolean; objection: boolean }[];
    expect(rights.find((r) => r.apiSlug === CNAF_API)).toMatchObject({ consent: false, objection: true });
    expect(rights.find((r) => r.apiSlug === 'france-travail-inscription')).toMatchObject({ consent: true, objection: false });

    const before = await lyonAsksAbout(rep.parent);
    expect(before.code).not.toBe('client.subject_objected');
    const objected = await as('parent').post('/v1/me/objections', { target: { kind: 'api', apiSlug: CNAF_API } });
    expect([objected.status, objected.body.status]).toEqual([201, 'active']);
    const refused = await lyonAsksAbout(rep.parent);
    expect([refused.status, refused.code]).toEqual([403, 'client.subject_objected']);
    const trail = (await as('parent').get('/v1/me/exchanges')).body.items as { id: string; outcome: string; outcomeLabel: string }[];
    expect(trail[0]).toMatchObject({ id: refused.id, outcome: 'denied', outcomeLabel: expect.stringMatching(/opposé/) });
    // Someone else cannot withdraw it.
    expect((await as('stranger').post(`/v1/me/objections/${objected.body.id}/withdraw`)).status).toBe(404);
    expect((await as('parent').post(`/v1/me/objections/${objected.body.id}/withdraw`)).body.status).toBe('withdrawn');
    expect((await lyonAsksAbout(rep.parent)).code).toBe(before.code);
  });
});

describe('Mes données', () => {
  test('the CNAF answers the person their quotient familial; the trail shows the consultation; no table holds the values', async () => {
    clock.advance(1000); // distinct instants: the trail is ordered by time
    const res = await as('parent').get(`/v1/me/my-data/${CNAF_API}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const answer = res.body.answers[0] as {
      exchangeId: string;
      status: number;
      values: { pointer: string; label: string; value: string }[];
    };
    expect(answer.status).toBe(200);
    const qf = answer.values.find((v) => v.pointer === '/quotient_familial/valeur')!;
    expect(qf.label).toMatch(/uotient familial/);
    expect(qf.value).toMatch(/^\d+$/);
    const trail = (await as('parent').get('/v1/me/exchanges')).body.items as { id: string; context: string; outcome: string }[];
    expect(trail[0]).toMatchObject({ id: answer.exchangeId, context: 'Mes données', outcome: 'served' });
    // Nothing of the values is stored: every table of the database, every row.
    const allocataire = answer.values.find((v) => v.pointer === '/numero_allocataire')?.value;
    const { rows: tables } = await db.pool.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.length).toBeGreaterThan(10);
    const number = new RegExp(`[:\\[,]${qf.value}[,\\]}]`);
    for (const { s, t } of tables) {
      const text = JSON.stringify((await db.pool.query(`SELECT * FROM "${s}"."${t}"`)).rows);
      expect([t, number.test(text)]).toEqual([t, false]);
      if (allocataire) expect([t, text.includes(JSON.stringify(allocataire))]).toEqual([t, false]);
    }
  });

  test('an API that cannot answer about the person: client.not_found, nothing called', async () => {
    expect((await as('parent').get('/v1/me/my-data/insee-unites-legales')).status).toBe(404);
  });
});

describe('a report reaches the auditors, their conclusion the citizen', () => {
  test('confirmation required; the auditor reads the message (recorded), answers; the citizen sees status and answer', async () => {
    const ex = await lyonAsksAbout(rep.parent);
    const unconfirmed = await as('parent').post(`/v1/me/exchanges/${ex.id}/reports`, { message: 'Je ne connais pas ce service.' });
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([422, 'client.validation_failed']);
    expect((await as('stranger').post(`/v1/me/exchanges/${ex.id}/reports`, { message: 'x', confirmed: true })).status).toBe(404);
    const filed = await as('parent').post(`/v1/me/exchanges/${ex.id}/reports`, {
      message: 'Je ne connais pas ce service.',
      confirmed: true,
    });
    expect([filed.status, filed.body.status]).toEqual([201, 'open']);
    const caseId = (await db.pool.query('SELECT audit_case_id FROM citizen_reports WHERE id = $1', [filed.body.id])).rows[0]
      .audit_case_id as string;

    expect((await as('parent').get(`/v1/audit/cases/${caseId}/reports`)).status).toBe(403);
    const read = await as('auditor').get(`/v1/audit/cases/${caseId}/reports`);
    expect(read.body.items).toEqual([expect.objectContaining({ reportId: filed.body.id, message: 'Je ne connais pas ce service.' })]);
    expect(JSON.stringify(read.body)).not.toContain(rep.parentRef);
    const audited = await db.pool.query(`SELECT 1 FROM ledger_events WHERE type = 'audit.read' AND detail->>'target' = $1`, [caseId]);
    expect(audited.rowCount).toBeGreaterThan(0);
    expect(
      (
        await as('auditor').post(`/v1/audit/cases/${caseId}/reports/${filed.body.id}/reply`, {
          reply: 'Accès justifié : offre de tarif social.',
        })
      ).status,
    ).toBe(200);
    const views = (await as('parent').get('/v1/me/report-views')).body.items;
    expect(views[0]).toMatchObject({ id: filed.body.id, reply: { text: 'Accès justifié : offre de tarif social.' } });
  });
});

describe('a parent represents their minor child (demo)', () => {
  test("after switching, the child's trail and nothing else; the switch is bound to the parent's session; another person gains nothing", async () => {
    const aboutChild = await lyonAsksAbout(rep.child);
    const aboutStranger = await lyonAsksAbout(stranger);
    const own = (await as('parent').get('/v1/me/exchanges')).body.items.map((i: { id: string }) => i.id);
    expect(own).not.toContain(aboutChild.id);

    const reps = await as('parent').get('/v1/me/representations');
    expect(reps.body).toEqual({ items: [expect.objectContaining({ mandateId: rep.mandateId, kind: 'parent_of_minor' })], acting: null });
    const switched = await as('parent').put('/v1/me/representation', { mandateId: rep.mandateId });
    expect(switched.status).toBe(200);
    const cookie = String(switched.headers['set-cookie']).split(';')[0]!;
    const childTrail = (await as('parent', cookie).get('/v1/me/exchanges')).body.items.map((i: { id: string }) => i.id);
    expect(childTrail).toContain(aboutChild.id);
    expect(childTrail).not.toContain(aboutStranger.id);
    expect(childTrail.some((id: string) => own.includes(id))).toBe(false);
    expect((await as('parent', cookie).get('/v1/me/representations')).body.acting).toBe(rep.mandateId);
    // The cookie is worthless to anyone else.
    const strangerTrail = (await as('stranger', cookie).get('/v1/me/exchanges')).body.items.map((i: { id: string }) => i.id);
    expect(strangerTrail).toContain(aboutStranger.id);
    expect(strangerTrail).not.toContain(aboutChild.id);
    // Each switch is recorded.
    const switches = await db.pool.query(
      `SELECT 1 FROM ledger_events WHERE type = 'consent.event' AND detail->>'action' = 'representation_switch'`,
    );
    expect(switches.rowCount).toBe(1);
    // Another mandate id, or one that is not theirs: 404.
    expect((await as('stranger').put('/v1/me/representation', { mandateId: rep.mandateId })).status).toBe(404);
    // Back to their own dossier.
    const back = await as('parent', cookie).put('/v1/me/representation', { mandateId: null });
    expect(String(back.headers['set-cookie'])).toMatch(/dp_acting=;/);
  });
});
