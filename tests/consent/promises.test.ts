/**
 * Every promise the citizen space prints is kept on the real exchange path, in every gateway:
 * « Vous pouvez le suspendre ou le retirer à tout moment : les échanges suivants seront
 * refusés », « Je m'oppose » (CRPA L114-8 II), « Signaler un accès suspect » (the message
 * reaches the auditors, the conclusion reaches the citizen).
 *
 * Two gateways on one database, in this test process: each has its own exchange pipeline over
 * the real adapters of the consent step (its own consent checker: LISTEN connection and
 * cache, on its own connection pool), its own ledger writer (own chain), a real producer over
 * HTTP. The citizen acts through gateway A; the consumer calls through gateway B.
 */
import pg from 'pg';
import { createExchangePipeline, type ExchangePipeline } from '../../exchange/pipeline.js';
import type { ExchangePorts } from '../../exchange/ports.js';
import {
  changeConsentStatus,
  createConsentChecker,
  identityParameters,
  fileReport,
  grantConsent,
  linkReportToCase,
  listMyReportViews,
  objectTo,
  readCaseReports,
  replyToReport,
  withdrawObjection,
  type ConsentCheckerHandle,
} from '../../consent/index.js';
import { changeCaseStatus, getCase, openCase } from '../../audit/index.js';
import { createLedgerWriter, findEventById, type LedgerWriter } from '../../ledger/index.js';
import { listFieldLinks, dataElementsForFields } from '../../catalog/index.js';
import { createLocalTokenIssuer, fixedCatalog, fixedContracts, familyQuotientEntries, fakeGrant } from '../support/exchange-fakes.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { pgRateLimiter } from '../../gateway/exchange-adapters/pg-rate-limiter.js';
import { createRestConnector } from '../../connectors/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { consentCheckerPort } from '../../gateway/exchange-adapters/consent.js';
import { qs, startUpstream, type Upstream } from '../support/exchange-world.js';
import { CNAF, CNAF_API, LYON, PIVOT_A, PIVOT_B, SECRET, startDomainWorld, type DomainWorld } from './domain-world.js';

const CONSENT_API = 'france-travail-inscription';
const citizen = (ref: string) => ({ kind: 'citizen' as const, id: ref });

interface Gateway {
  pipeline: ExchangePipeline;
  checker: ConsentCheckerHandle;
  writer: LedgerWriter;
  pool: pg.Pool;
}

let w: DomainWorld;
let upstream: Upstream;
let gateways: Gateway[];
let issuer: Awaited<ReturnType<typeof createLocalTokenIssuer>>;
let rest: ReturnType<typeof createRestConnector>;
const contracts = fixedContracts([
  fakeGrant('c-lyon', { purpose: 'Offre de tarif social (démarche proactive)' }),
  fakeGrant('c-lyon-bourse', {
    apiSlug: CONSENT_API,
    producerSiret: '13000400500018',
    endpoints: ['getBourse'],
    purpose: 'Aide aux étudiants',
  }),
]);

beforeAll(async () => {
  w = await startDomainWorld();
  upstream = await startUpstream();
  issuer = await createLocalTokenIssuer({ issuer: 'http://localhost:3000', clock: w.clock });
  // The catalogue as the demo declares it: the CNAF API on a legal basis and proactive; France Travail's asking for consent.
  const [qf] = familyQuotientEntries({ proactive: true });
  const [bourse] = familyQuotientEntries({
    id: 'api-bourse',
    slug: CONSENT_API,
    producerSiret: '13000400500018',
    consentPolicy: 'consent_required',
  });
  const entries = [qf!, { ...bourse!, endpoint: { ...bourse!.endpoint, id: 'ep-getBourse', operationId: 'getBourse' } }];
  // The real REST connector to the test's upstream (one per API, as bindings give).
  const query = { nomNaissance: '{nomNaissance}', prenoms: '{prenoms[]}', anneeDateNaissance: '{anneeDateNaissance}' };
  rest = createRestConnector({
    kind: 'rest',
    baseUrl: upstream.url,
    operations: {
      getQuotientFamilial: { method: 'GET', path: '/quotient-familial', query },
      getBourse: { method: 'GET', path: '/quotient-familial', query },
    },
  });
  const connectors = domainConnectorRegistry({ [CNAF_API]: rest, [CONSENT_API]: rest });
  gateways = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const pool = new pg.Pool({ connectionString: w.db.url, max: 4 });
      const checker = createConsentChecker({ pool, clock: w.clock, ttlMs: 5000 });
      await checker.ready();
      const writer = createLedgerWriter({ pool, clock: w.clock, chainId: `gateway-${name}-${process.pid}` });
      const catalog = fixedCatalog(entries);
      const ports: ExchangePorts = {
        tokens: issuer.verifier,
        contracts,
        connectors,
        ledger: ledgerWriterPort(writer),
        rateLimiter: pgRateLimiter(pool, w.clock),
        clock: w.clock,
        catalog: {
          ...catalog,
          dataElements: async (slug, pointers) => (await dataElementsForFields(pool, slug, pointers)).map((d) => d.id),
          fieldLinks: (slug) => listFieldLinks(pool, slug),
        },
        consent: consentCheckerPort(() => checker),
      };
      const pipeline = createExchangePipeline(ports, {
        publicUrl: 'http://localhost:3000',
        upstreamTimeoutMs: 2000,
        subjectSecret: SECRET,
        defaultRateLimitPerMinute: 1000,
        tokenCacheMax: 100,
        circuitFailureThreshold: 100,
        circuitOpenMs: 1000,
      });
      return { pipeline, checker, writer, pool };
    }),
  );
});

afterAll(async () => {
  for (const g of gateways) {
    await g.pipeline.close();
    await g.checker.close();
    await g.writer.close();
    await g.pool.end();
  }
  await rest?.close();
  await upstream.close();
  await w.stop();
});

/** One exchange about the citizen, as Lyon's back end calls it through gateway `g`. */
async function call(g: Gateway, contractId: string, path: string, pivot = PIVOT_A) {
  w.clock.advance(1000);
  const c = (await contracts.get(contractId))!;
  const token = await issuer.issue({
    client_id: c.clientIds[0]!,
    contract_id: c.id,
    contract_version: c.version,
    consumer_siret: c.consumerSiret,
    scope: c.scopes.join(' '),
  });
  const rawQuery = qs({ recipient: LYON, context: 'Tarification', object: 'Dossier 42', ...identityParameters(pivot) });
  const r = await g.pipeline.run({
    method: 'GET',
    apiSlug: c.apiSlug,
    path,
    rawQuery,
    authorization: `Bearer ${token}`,
    ip: '127.0.0.1',
    readBody: async () => undefined,
  });
  return { status: r.status, code: r.problemCode ?? null, id: r.exchangeId, body: JSON.parse(r.body) as Record<string, unknown> };
}

/** Polls gateway B until the call's outcome is `code` (null: served); at most 5 s (the promise: within 5 s in every gateway). */
async function until(contractId: string, path: string, code: string | null) {
  const t0 = Date.now();
  for (;;) {
    const r = await call(gateways[1]!, contractId, path);
    if (r.code === code) return { ...r, ms: Date.now() - t0 };
    if (Date.now() - t0 > 5000) throw new Error(`still ${r.code} after 5 s (expected ${code})`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

describe('« suspendre ou retirer à tout moment : les échanges suivants seront refusés »', () => {
  test('suspended in gateway A → refused client.consent_suspended in gateway B; resumed → served; revoked → client.consent_revoked', async () => {
    const me = w.refOf(PIVOT_A);
    const first = await call(gateways[1]!, 'c-lyon-bourse', '/quotient-familial');
    expect(first.body).toMatchObject({ code: 'client.consent_missing' });
    const consent = await grantConsent(w.ctx, {
      subjectRef: me,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: CONSENT_API,
      purpose: 'Aide aux étudiants',
      validUntil: new Date(w.clock.now().getTime() + 86_400_000 * 30),
      actor: citizen(me),
    } as Parameters<typeof grantConsent>[1]);
    expect((await until('c-lyon-bourse', '/quotient-familial', null)).status).toBe(200);

    await changeConsentStatus(
      { ...w.ctx, pool: gateways[0]!.pool },
      { subjectRefs: [me], consentId: consent.id, action: 'pause', actor: citizen(me) },
    );
    const paused = await until('c-lyon-bourse', '/quotient-familial', 'client.consent_suspended');
    expect(paused.status).toBe(403);
    expect(paused.ms).toBeLessThan(5000);
    expect(JSON.stringify(paused.body)).not.toContain(consent.id);

    await changeConsentStatus(w.ctx, { subjectRefs: [me], consentId: consent.id, action: 'resume', actor: citizen(me) });
    expect((await until('c-lyon-bourse', '/quotient-familial', null)).status).toBe(200);

    await changeConsentStatus(w.ctx, { subjectRefs: [me], consentId: consent.id, action: 'revoke', actor: citizen(me) });
    const revoked = await until('c-lyon-bourse', '/quotient-familial', 'client.consent_revoked');
    expect(revoked.status).toBe(403);
    // The denial is in the ledger, naming the consent that refused it; the consumer was told nothing of it.
    const ev = await findEventById(w.db.pool, revoked.id);
    expect(ev).toMatchObject({
      type: 'exchange.denied',
      problem_code: 'client.consent_revoked',
      detail: { consent: { mode: 'denied', consentId: consent.id } },
    });
  });
});

describe('a consent capped in frequency counts the exchanges that delivered data', () => {
  test('a producer failure gives the use back (refund after the failed exchange is recorded); the cap then holds', async () => {
    const me = w.refOf(PIVOT_B);
    await grantConsent(w.ctx, {
      subjectRef: me,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: CONSENT_API,
      purpose: 'Aide aux étudiants',
      frequency: { max: 1, period: 'day' },
      validUntil: new Date(w.clock.now().getTime() + 86_400_000 * 30),
      actor: citizen(me),
    });
    const about = async () => call(gateways[1]!, 'c-lyon-bourse', '/quotient-familial', PIVOT_B);
    upstream.mode = 'error500';
    expect((await about()).code).toBe('provider.unavailable');
    upstream.mode = 'ok';
    expect((await about()).status).toBe(200);
    expect((await about()).code).toBe('client.rate_limited');
  });
});

describe('« Je m’oppose » to a proactive exchange', () => {
  test('objected in gateway A → refused client.subject_objected in gateway B, the consumer learns nothing more; withdrawn → served', async () => {
    const me = w.refOf(PIVOT_A);
    expect((await call(gateways[1]!, 'c-lyon', '/quotient-familial')).status).toBe(200);
    const { objection } = await objectTo(
      { ...w.ctx, pool: gateways[0]!.pool },
      { subjectRef: me, target: { kind: 'api', apiSlug: CNAF_API }, actor: citizen(me) },
    );
    const refused = await until('c-lyon', '/quotient-familial', 'client.subject_objected');
    expect(refused.status).toBe(403);
    expect(refused.ms).toBeLessThan(5000);
    expect(JSON.stringify(refused.body)).not.toContain(objection.id);
    expect(Object.keys(refused.body).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    const ev = await findEventById(w.db.pool, refused.id);
    expect(ev).toMatchObject({
      type: 'exchange.denied',
      subject_ref: me,
      problem_code: 'client.subject_objected',
      detail: { consent: { mode: 'denied', objectionId: objection.id } },
    });

    await withdrawObjection(w.ctx, { subjectRefs: [me], objectionId: objection.id, actor: citizen(me) });
    expect((await until('c-lyon', '/quotient-familial', null)).status).toBe(200);
  });

  test('an objection to another producer changes nothing', async () => {
    const me = w.refOf(PIVOT_A);
    await objectTo(w.ctx, { subjectRef: me, target: { kind: 'producer', producerSiret: '11000200300017' }, actor: citizen(me) });
    expect((await call(gateways[1]!, 'c-lyon', '/quotient-familial')).status).toBe(200);
  });
});

describe('« Signaler un accès suspect »: the message reaches the auditors, the conclusion the citizen', () => {
  test('filed after confirmation in gateway A, read and answered by an auditor through gateway B, the conclusion shown to the citizen', async () => {
    const me = w.refOf(PIVOT_A);
    const served = await call(gateways[1]!, 'c-lyon', '/quotient-familial');
    expect(served.status).toBe(200);
    const ev = (await findEventById(w.db.pool, served.id))!;
    const event = {
      id: ev.id,
      subjectRef: ev.subject_ref!,
      subjectKind: 'person' as const,
      consumerSiret: ev.consumer_siret,
      apiSlug: ev.api_slug,
    };
    const a = { ...w.ctx, pool: gateways[0]!.pool };
    const b = { ...w.ctx, pool: gateways[1]!.pool };
    // Without the confirmation step nothing is filed.
    await expect(
      fileReport(a, { event, message: 'Je ne connais pas cette mairie.', confirmed: undefined, actor: citizen(me) }),
    ).rejects.toMatchObject({ code: 'client.validation_failed' });
    expect(await listMyReportViews(a, [me], async () => null)).toEqual([]);
    const filed = await fileReport(a, { event, message: 'Je ne connais pas cette mairie.', confirmed: true, actor: citizen(me) });
    const opened = await openCase(
      gateways[0]!.pool,
      { kind: 'citizen_report', source: 'citizen', dedupKey: `exchange:${ev.id}`, evidence: [ev.id], summary: 'Signalement' },
      w.clock,
    );
    await linkReportToCase(a, filed.report.id, opened.case.id);

    // The auditor (gateway B) reads the message; the ledger holds only its digest.
    const read = await readCaseReports(b, opened.case.id);
    expect(read).toEqual([
      expect.objectContaining({ reportId: filed.report.id, eventId: ev.id, message: 'Je ne connais pas cette mairie.' }),
    ]);
    const ledgerText = JSON.stringify((await w.db.pool.query('SELECT * FROM ledger_events')).rows);
    expect(ledgerText).not.toContain('Je ne connais pas');
    expect(ledgerText).toContain(read[0]!.messageSha256);
    expect(JSON.stringify((await w.db.pool.query('SELECT * FROM citizen_reports')).rows)).not.toContain('Je ne connais pas');

    await replyToReport(b, {
      auditCaseId: opened.case.id,
      reportId: filed.report.id,
      reply: 'La mairie a consulté votre dossier de cantine : accès justifié.',
      author: { kind: 'auditor', id: 'auditrice' },
    });
    await changeCaseStatus(
      gateways[1]!.pool,
      { sub: 'auditrice' },
      opened.case.id,
      { status: 'closed', conclusion: 'Accès justifié.' },
      w.clock,
    );

    const status = async (id: string) => (await getCase(gateways[0]!.pool, id)).status;
    const [view] = await listMyReportViews(a, [me], status);
    expect(view).toMatchObject({
      id: filed.report.id,
      status: 'closed',
      reply: { text: 'La mairie a consulté votre dossier de cantine : accès justifié.' },
    });
  });
});

export { CNAF };
