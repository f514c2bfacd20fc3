/**
 * Revocation across processes: a contract revoked through one gateway process stops working on
 * the exchange path of ANOTHER process (own pool, own composed services: contracts directory,
 * catalogue resolver, token keys, rate limiter, its own ledger chain) within 5 s. Real parts
 * throughout: authorisation server, token verification, LISTEN/NOTIFY directory, the catalogue in
 * PostgreSQL, the REST connector bound by an operator binding to an upstream HTTP server.
 */
import request from 'supertest';
import pg from 'pg';
import pino from 'pino';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { processConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { createApi, importOpenApi, setApiConnector, setScopes, transitionApi } from '../../catalog/index.js';
import { ConnectorTargets, connectorGovernance, prepareBinding } from '../../connectors/index.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { systemClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { composeApp, testConfig, type ComposedApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { startUpstream, DUPONT, TRACE, qs, type Upstream } from '../support/exchange-world.js';
import { CAST, as, fullForm, CNAF } from './fixtures.js';
import { activeContract, secretClient, tokenRequest } from './flow.js';

let db: TestDatabase;
let upstream: Upstream;
let connectors: ReturnType<typeof processConnectorRegistry>;
let a: ComposedApp;
let b: ComposedApp;
let writer: LedgerWriter;
let writerB: LedgerWriter;
let poolB: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  upstream = await startUpstream();
  const config = testConfig();
  const logger = pino({ level: 'silent' });
  await seedDemoOrganisations(db.pool);
  await createApi(db.pool, {
    slug: 'cnaf-quotient-familial',
    producerSiret: CNAF,
    title: 'QF',
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
  });
  await importOpenApi(db.pool, 'cnaf-quotient-familial', {
    openapi: '3.1.0',
    info: { title: 'QF', version: '1' },
    paths: {
      '/quotient-familial': {
        get: {
          operationId: 'getQuotientFamilial',
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      quotient_familial: { type: 'object', properties: { valeur: { type: 'number' }, annee: { type: 'integer' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  await setScopes(db.pool, 'cnaf-quotient-familial', {
    scopes: [{ name: 'quotient_familial', label: 'QF', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] }],
  });
  await transitionApi(db.pool, 'cnaf-quotient-familial', { to: 'published' });
  const governance = connectorGovernance(
    new ConnectorTargets([{ name: 'cnaf', kind: 'rest', origins: [upstream.url] }]),
    config.KEY_ENCRYPTION_SECRET,
  );
  await setApiConnector(
    db.pool,
    'cnaf-quotient-familial',
    await prepareBinding(
      governance,
      'cnaf-quotient-familial',
      {
        target: 'cnaf',
        config: { kind: 'rest', baseUrl: upstream.url, operations: { getQuotientFamilial: { method: 'GET', path: '/quotient-familial' } } },
      },
      { boundBy: 'operator', now: new Date() },
    ),
  );
  connectors = processConnectorRegistry({ governance });
  // Process A: control plane and authorisation server.
  writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'test-revocation' });
  a = await composeApp({ config, pool: db.pool, logger, clock: systemClock, ledger: writer, authenticators: [testPrincipals(CAST)] });
  // Process B: another gateway on the same database, its own pool, services and ledger chain.
  poolB = new pg.Pool({ connectionString: db.url, max: 5 });
  poolB.on('error', () => undefined);
  writerB = createLedgerWriter({ pool: poolB, clock: systemClock, chainId: 'test-revocation-b' });
  b = await composeApp({
    config,
    pool: poolB,
    logger,
    clock: systemClock,
    ledger: writerB,
    exchangeParts: { ledger: ledgerWriterPort(writerB), connectors },
  });
  await b.services.contracts.directory.ready();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  await writerB?.close();
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
    const call = () =>
      request(b.app)
        .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`)
        .set('Authorization', `Bearer ${token}`);
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
  }, 120_000);
});
