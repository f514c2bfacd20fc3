/**
 * /metrics after one real exchange (authorisation server, token, REST connector to a real
 * upstream, ledger): the exchange, producer, circuit and ledger series are there; the token
 * protects the route when configured; production without a token does not expose it.
 */
import express from 'express';
import request from 'supertest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { mountRoutes } from '../../../gateway/http/route.js';
import { problemHandler } from '../../../gateway/http/problem.js';
import { metricsRoute } from '../../../gateway/rest/ops.js';
import type { AppDeps } from '../../../gateway/deps.js';
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

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789abcdef';
let db: TestDatabase;
let upstream: Upstream;
let connectors: ReturnType<typeof processConnectorRegistry>;
let a: ComposedApp;
let writer: LedgerWriter;

beforeAll(async () => {
  db = await createTestDatabase();
  upstream = await startUpstream();
  const config = testConfig({ METRICS_TOKEN });
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
  writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'test-metrics' });
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

/** The value of one series (name and exact label set) in a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('after one exchange: exchanges by API and outcome, producer latency, circuit state, ledger queue and commit latency, checkpoint age, evaluator lag', async () => {
    const id = await activeContract(a.app, { slug: 'cnaf-quotient-familial', form: fullForm({ scopes: ['quotient_familial'] }) });
    const client = await secretClient(a.app, id);
    const token = (await tokenRequest(a.app, client).expect(200)).body.access_token as string;
    const served = await request(a.app)
      .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`)
      .set('Authorization', `Bearer ${token}`);
    expect(served.status).toBe(200);
    const denied = await request(a.app)
      .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...DUPONT })}`)
      .set('Authorization', `Bearer ${token}`);
    expect(denied.status).toBe(400);
    await writer.checkpointNow().catch(() => null);

    const res = await request(a.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    const m = res.text;
    expect(sample(m, 'datapedia_exchanges_total{api="cnaf-quotient-familial",code="ok"}')).toBe(1);
    expect(sample(m, `datapedia_exchanges_total{api="cnaf-quotient-familial",code="${denied.body.code as string}"}`)).toBe(1);
    expect(sample(m, 'datapedia_producer_latency_seconds_count{api="cnaf-quotient-familial"}')).toBe(1);
    expect(m).toMatch(/^datapedia_circuit_state\{api="cnaf-quotient-familial",upstream="[^"]+"\} 0$/m);
    expect(sample(m, 'datapedia_ledger_commit_seconds_count')).toBe(2);
    expect(sample(m, 'datapedia_ledger_queue_depth')).toBe(0);
    expect(m).toMatch(/^datapedia_evaluator_lag_events \d+$/m);
    expect(m).toMatch(/^datapedia_evaluator_lag_seconds [\d.e+-]+$/m);
    expect(m).toContain('# TYPE datapedia_ledger_checkpoint_age_seconds gauge');
    expect(m).toMatch(/^http_requests_total\{/m);
  }, 120_000);

  it('with METRICS_TOKEN: refused without the bearer token or with a wrong one', async () => {
    expect((await request(a.app).get('/metrics')).status).toBe(401);
    expect((await request(a.app).get('/metrics').set('Authorization', 'Bearer wrong-token')).status).toBe(401);
  });

  it('in production without METRICS_TOKEN, /metrics is not exposed (404)', async () => {
    const app = express();
    const deps = { config: { ...testConfig(), NODE_ENV: 'production' } } as unknown as AppDeps;
    mountRoutes(app, [metricsRoute(deps, new Registry())]);
    app.use(problemHandler('http://localhost', pino({ level: 'silent' })));
    expect((await request(app).get('/metrics')).status).toBe(404);
  });

  it('the circuit gauge reads the breaker: open after repeated producer failures', async () => {
    const breakers = a.services.exchange.pipeline.runtime.breakers;
    const text = await a.services.metrics.registry.metrics();
    const upstreamKey = /datapedia_circuit_state\{api="cnaf-quotient-familial",upstream="([^"]+)"\}/.exec(text)![1]!;
    for (let i = 0; i < a.services.exchange.pipeline.runtime.settings.circuitFailureThreshold; i++) breakers.failure(upstreamKey);
    expect(
      sample(
        await a.services.metrics.registry.metrics(),
        `datapedia_circuit_state{api="cnaf-quotient-familial",upstream="${upstreamKey}"}`,
      ),
    ).toBe(2);
    breakers.success(upstreamKey);
  });
});
