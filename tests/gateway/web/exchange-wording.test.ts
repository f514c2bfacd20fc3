/**
 * Exchange parameter errors speak of parameters: a missing required query parameter is
 * « paramètre obligatoire » (not a form's « champ obligatoire »), an unknown one « paramètre inconnu ».
 */
import request from 'supertest';
import pino from 'pino';
import { createLedgerWriter, type LedgerWriter } from '../../../ledger/index.js';
import { processConnectorRegistry } from '../../../gateway/exchange-adapters/connectors.js';
import { createApi, importOpenApi, setApiConnector, setScopes, transitionApi } from '../../../catalog/index.js';
import { ConnectorTargets, connectorGovernance, prepareBinding } from '../../../connectors/index.js';
import { seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { systemClock } from '../../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { composeApp, testConfig, type ComposedApp } from '../../helpers/app.js';
import { testPrincipals } from '../../helpers/principals.js';
import { startUpstream, DUPONT, TRACE, qs, type Upstream } from '../../support/exchange-world.js';
import { CAST, fullForm, CNAF } from '../../contracts/fixtures.js';
import { activeContract, secretClient, tokenRequest } from '../../contracts/flow.js';

let db: TestDatabase;
let upstream: Upstream;
let connectors: ReturnType<typeof processConnectorRegistry>;
let a: ComposedApp;
let writer: LedgerWriter;

beforeAll(async () => {
  db = await createTestDatabase();
  upstream = await startUpstream();
  const config = testConfig();
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
          parameters: [{ name: 'annee', in: 'query', required: true, schema: { type: 'integer' } }],
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
  writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'test-wording' });
  a = await composeApp({
    config,
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    ledger: writer,
    authenticators: [testPrincipals(CAST)],
    exchangeParts: { connectors },
  });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await writer?.close();
  await connectors?.close();
  await upstream?.close();
  await db?.drop();
});

test('a missing required parameter is « paramètre obligatoire », an unknown one « paramètre inconnu »', async () => {
  const id = await activeContract(a.app, { slug: 'cnaf-quotient-familial', form: fullForm({ scopes: ['quotient_familial'] }) });
  const client = await secretClient(a.app, id);
  const token = (await tokenRequest(a.app, client).expect(200)).body.access_token as string;
  const missing = await request(a.app)
    .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`)
    .set('Authorization', `Bearer ${token}`);
  expect(missing.status).toBe(400);
  expect(missing.body.code).toBe('client.invalid_parameter');
  expect(missing.body.errors).toContainEqual({ pointer: '/annee', detail: 'paramètre obligatoire' });
  expect(JSON.stringify(missing.body)).not.toContain('champ');
  const unknown = await request(a.app)
    .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT, annee: '2026', debug: '1' })}`)
    .set('Authorization', `Bearer ${token}`);
  expect(unknown.body.errors).toContainEqual({ pointer: '/debug', detail: 'paramètre inconnu' });
}, 120_000);
