/**
 * Circuit breaker per upstream, not per producer: the CNAF publishes two APIs, each behind its
 * own (real, node:http) back end; the first one failing opens its circuit and leaves the second
 * one served.
 */
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startUpstream, contract, testCatalog, qs, DUPONT, TRACE, CNAF, type Upstream } from './fixture.js';
import { createLocalTokenIssuer, inMemoryCatalog, inMemoryContracts, inMemoryLedger, inMemoryRateLimiter } from '../../gateway/exchange-adapters/in-memory.js';
import { httpConnectors } from '../../gateway/exchange-adapters/http-connector.js';
import { refuseConsentRequired } from '../../exchange/steps/check-consent.js';
import { manualClock } from '../../schemas/index.js';

let t: TestApp;
let failing: Upstream;
let healthy: Upstream;
let connectors: ReturnType<typeof httpConnectors>;
let issuer: Awaited<ReturnType<typeof createLocalTokenIssuer>>;
const contracts = inMemoryContracts([
  contract('c-qf'),
  contract('c-legacy', { apiSlug: 'legacy-api', endpoints: ['getLegacy'], clientIds: ['client-c-legacy'] }),
]);

beforeAll(async () => {
  failing = await startUpstream();
  healthy = await startUpstream();
  failing.mode = 'error500';
  const clock = manualClock();
  issuer = await createLocalTokenIssuer({ issuer: 'http://localhost:3000', clock });
  const catalog = testCatalog();
  expect(catalog.filter((e) => ['cnaf-quotient-familial', 'legacy-api'].includes(e.api.slug)).every((e) => e.api.producerSiret === CNAF)).toBe(true);
  connectors = httpConnectors({ 'cnaf-quotient-familial': failing.url, 'legacy-api': healthy.url });
  t = await startTestApp({
    env: { CIRCUIT_FAILURE_THRESHOLD: '3' },
    deps: {
      clock,
      exchange: {
        tokens: issuer.verifier, contracts, catalog: inMemoryCatalog(catalog), connectors, ledger: inMemoryLedger(),
        rateLimiter: inMemoryRateLimiter(clock), consent: refuseConsentRequired, clock,
      },
    },
  });
});
afterAll(async () => { await t.stop(); await connectors.close(); await failing.close(); await healthy.close(); });

async function token(id: string): Promise<string> {
  const c = (await contracts.get(id))!;
  return issuer.issue({ client_id: c.clientIds[0]!, contract_id: c.id, contract_version: 1, consumer_siret: c.consumerSiret, scope: c.scopes.join(' ') });
}

test('one failing API of a producer does not cut off its other API', async () => {
  const qf = await token('c-qf');
  const legacy = await token('c-legacy');
  const get = (api: string, path: string, tk: string) => request(t.app).get(`/exchange/${api}${path}?${qs({ ...TRACE, ...DUPONT })}`).set('Authorization', `Bearer ${tk}`);
  for (let i = 0; i < 3; i++) expect((await get('cnaf-quotient-familial', '/quotient-familial', qf)).body.code).toBe('provider.unavailable');
  const cut = await get('cnaf-quotient-familial', '/quotient-familial', qf);
  expect([cut.status, cut.body.code]).toEqual([503, 'provider.circuit_open']);
  const other = await get('legacy-api', '/quotient-familial', legacy);
  expect(other.status).toBe(200);
  expect(healthy.requests.length).toBe(1);
});
