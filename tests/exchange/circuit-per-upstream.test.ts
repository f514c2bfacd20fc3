/**
 * Circuit breaker per upstream, not per producer: the CNAF publishes two APIs, each bound to its
 * own real back end (node:http) through the REST connector; the first one failing opens its
 * circuit and leaves the second one served.
 */
import request from 'supertest';
import {
  startExchangeWorld,
  startUpstream,
  qs,
  DUPONT,
  TRACE,
  CNAF,
  TEST_APIS,
  type ExchangeWorld,
  type Upstream,
} from '../support/exchange-world.js';
import { connectorGovernance, prepareBinding } from '../../connectors/index.js';
import { setApiConnector } from '../../catalog/index.js';

let f: ExchangeWorld;
let healthy: Upstream;

beforeAll(async () => {
  f = await startExchangeWorld({
    env: { CIRCUIT_FAILURE_THRESHOLD: '3' },
    contracts: [{ key: 'c-qf' }, { key: 'c-legacy', apiSlug: 'legacy-api' }],
  });
  expect(TEST_APIS.filter((a) => ['cnaf-quotient-familial', 'legacy-api'].includes(a.slug)).every((a) => a.producerSiret === CNAF)).toBe(
    true,
  );
  // legacy-api moves to a back end of its own, through the same target declaration as any binding.
  healthy = await startUpstream();
  f.targets.declare({ name: 'healthy-upstream', kind: 'rest', origins: [healthy.url] });
  const governance = connectorGovernance(f.targets, f.t.deps.config.KEY_ENCRYPTION_SECRET);
  const stored = await prepareBinding(
    governance,
    'legacy-api',
    {
      target: 'healthy-upstream',
      config: { kind: 'rest', baseUrl: healthy.url, operations: { getLegacy: { method: 'GET', path: '/quotient-familial' } } },
    },
    { boundBy: 'operator', now: f.t.clock.now() },
  );
  await setApiConnector(f.t.db.pool, 'legacy-api', stored);
  f.upstream.mode = 'error500';
}, 60_000);
afterAll(async () => {
  await f?.stop();
  await healthy?.close();
});

test('one failing API of a producer does not cut off its other API', async () => {
  const qf = await f.token('c-qf');
  const legacy = await f.token('c-legacy');
  const get = (api: string, tk: string) =>
    request(f.t.app)
      .get(`/exchange/${api}/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`)
      .set('Authorization', `Bearer ${tk}`);
  let served = await get('legacy-api', legacy);
  for (let i = 0; i < 100 && served.status !== 200; i++)
    served = await new Promise((r) => setTimeout(r, 50)).then(() => get('legacy-api', legacy));
  expect(served.status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await get('cnaf-quotient-familial', qf)).body.code).toBe('provider.unavailable');
  const hits = f.upstream.requests.length;
  const cut = await get('cnaf-quotient-familial', qf);
  expect([cut.status, cut.body.code]).toEqual([503, 'provider.circuit_open']);
  expect(f.upstream.requests.length).toBe(hits);
  const before = healthy.requests.length;
  const other = await get('legacy-api', legacy);
  expect(other.status).toBe(200);
  expect(healthy.requests.length).toBe(before + 1);
});
