/**
 * Revocation across processes: a contract revoked through one gateway process stops working on
 * the exchange path of ANOTHER process (own pool, own contracts services and directory) within 5 s.
 * Real parts: authorisation server, token verification, LISTEN/NOTIFY directory, exchange route
 * and an upstream HTTP server; the catalogue lookup and the ledger of the exchange are in memory.
 */
import request from 'supertest';
import pg from 'pg';
import pino from 'pino';
import type { AppDeps } from '../../gateway/deps.js';
import { createContractsServices, type ContractsServices } from '../../gateway/services/contracts-context.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { contractsDirectory, contractsTokenVerifier } from '../../gateway/exchange-adapters/contracts.js';
import { inMemoryCatalog, inMemoryLedger, inMemoryRateLimiter } from '../../gateway/exchange-adapters/in-memory.js';
import { httpConnectors } from '../../gateway/exchange-adapters/http-connector.js';
import { refuseConsentRequired } from '../../exchange/steps/check-consent.js';
import { createApi, importOpenApi, setScopes } from '../../catalog/index.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { systemClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { composeApp, testConfig, type ComposedApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { startUpstream, testCatalog, DUPONT, TRACE, qs, type Upstream } from '../exchange/fixture.js';
import { CAST, as, fullForm, CNAF } from './fixtures.js';
import { activeContract, secretClient, tokenRequest } from './flow.js';

let db: TestDatabase;
let upstream: Upstream;
let connectors: ReturnType<typeof httpConnectors>;
let a: ComposedApp;
let b: ComposedApp;
let contractsB: ContractsServices;
let writer: LedgerWriter;
let poolB: pg.Pool;
let depsB: AppDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoOrganisations(db.pool);
  await createApi(db.pool, { slug: 'cnaf-quotient-familial', producerSiret: CNAF, title: 'QF', access: 'restricted', sensitivity: 'sensitive', subjectKind: 'person', consentPolicy: 'legal_basis' });
  await importOpenApi(db.pool, 'cnaf-quotient-familial', {
    openapi: '3.1.0', info: { title: 'QF', version: '1' },
    paths: { '/quotient-familial': { get: { operationId: 'getQuotientFamilial', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { quotient_familial: { type: 'object', properties: { valeur: { type: 'number' }, annee: { type: 'integer' } } } } } } } } } } } },
  });
  await setScopes(db.pool, 'cnaf-quotient-familial', { scopes: [{ name: 'quotient_familial', label: 'QF', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] }] });
  const config = testConfig();
  const logger = pino({ level: 'silent' });
  // Process A: control plane and authorisation server.
  writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'test-revocation' });
  a = await composeApp({ config, pool: db.pool, logger, clock: systemClock, ledger: writer, authenticators: [testPrincipals(CAST)] });
  // Process B: another gateway on the same database, serving exchanges with the real contracts ports.
  upstream = await startUpstream();
  connectors = httpConnectors({ 'cnaf-quotient-familial': upstream.url });
  poolB = new pg.Pool({ connectionString: db.url, max: 5 });
  depsB = { config, pool: poolB, logger, clock: systemClock, ledger: writer };
  contractsB = createContractsServices(depsB, { forward: async () => undefined });
  depsB.exchange = {
    tokens: contractsTokenVerifier(contractsB.tokenKeys, contractsB.directory),
    contracts: contractsDirectory(contractsB.directory),
    catalog: inMemoryCatalog(testCatalog()), connectors, ledger: inMemoryLedger(), rateLimiter: inMemoryRateLimiter(systemClock),
    consent: refuseConsentRequired, clock: systemClock,
  };
  b = await composeApp(depsB);
  await contractsB.directory.ready();
}, 60_000);

afterAll(async () => {
  await b?.close();
  await contractsB?.close();
  await a?.close();
  await writer?.close();
  await poolB?.end();
  await connectors?.close();
  await upstream?.close();
  await db?.drop();
});

describe('revoking a contract in one process stops its tokens on the exchange path of another within 5 s', () => {
  test('served before, refused with client.contract_inactive after; delay measured', async () => {
    const id = await activeContract(a.app, { slug: 'cnaf-quotient-familial', form: fullForm({ scopes: ['quotient_familial'] }) });
    const client = await secretClient(a.app, id);
    const token = (await tokenRequest(a.app, client).expect(200)).body.access_token as string;
    const call = () => request(b.app).get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`).set('Authorization', `Bearer ${token}`);
    const before = await call();
    expect(before.status).toBe(200);
    expect(before.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });

    const t0 = performance.now();
    await request(a.app).post(`/v1/contracts/${id}/revoke`).set(as('ivan')).send({ reason: 'Fin de la convention.' }).expect(200);
    let res = await call();
    while (res.status === 200 && performance.now() - t0 < 6000) res = await call();
    const ms = performance.now() - t0;
    expect([res.status, res.body.code]).toEqual([403, 'client.contract_inactive']);
    expect(ms).toBeLessThan(5000);
    process.stdout.write(`revoke (process A) -> first refused exchange (process B): ${ms.toFixed(1)} ms\n`);
  }, 30_000);
});
