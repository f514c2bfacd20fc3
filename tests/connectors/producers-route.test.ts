import request from 'supertest';
import type { Connector, ConnectorHealth, ExchangeOutcome } from '../../connectors/index.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { adminAuth, startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { describeAccessControl } from '../helpers/security.js';

const CNAF = '18000100000017';
const DGFIP = '11000200300017';
const LYON = '21690123100011';

/** A connector whose probe the test sets (an in-memory adapter beside the real ones). */
function probeConnector(): Connector & { set(status: ConnectorHealth['status']): void; probes: number } {
  let status: ConnectorHealth['status'] = 'up';
  const c = {
    kind: 'memory' as const,
    probes: 0,
    set(s: ConnectorHealth['status']) {
      status = s;
    },
    fetch: async () => ({ status: 200, body: {} }),
    health: async () => {
      c.probes++;
      return { status, checkedAt: new Date(), latencyMs: 1 };
    },
    close: async () => undefined,
  };
  return c;
}

let t: TestApp;
const connector = probeConnector();
const outcomes: (ExchangeOutcome & { siret: string })[] = [];

beforeAll(async () => {
  t = await startTestApp({
    deps: {
      authenticators: [
        testPrincipals({
          cnafAdmin: { kind: 'agent', sub: 'agent-cnaf', memberships: [{ siret: CNAF, roles: ['admin'] }], platformRoles: [] },
          lyonAgent: { kind: 'agent', sub: 'agent-lyon', memberships: [{ siret: LYON, roles: ['admin'] }], platformRoles: [] },
        }),
      ],
      producerHealth: {
        connectorsFor: (siret) => (siret === CNAF ? [connector] : []),
        recentOutcomes: async (siret, since) => outcomes.filter((o) => o.siret === siret && o.at >= since),
      },
    },
  });
  await seedDemoOrganisations(t.db.pool);
});
afterAll(async () => {
  await t?.stop();
});

const ping = (siret: string) => request(t.app).get(`/v1/producers/${siret}/ping`);

describe('GET /v1/producers/{siret}/ping', () => {
  test('a producer with a healthy connector is ok, with last_update and last_ok_status', async () => {
    const res = await ping(CNAF);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', last_update: t.clock.now().toISOString(), last_ok_status: t.clock.now().toISOString() });
  });

  test('a producer nothing is known about is unknown', async () => {
    expect((await ping(DGFIP)).body).toEqual({ status: 'unknown', last_update: null, last_ok_status: null });
  });

  test('half or more of the last 10 minutes of provider answers failed -> bad_gateway; older outcomes do not count', async () => {
    const now = t.clock.now().getTime();
    outcomes.push({ siret: DGFIP, at: new Date(now - 11 * 60_000), outcome: 'failed', problemCode: 'provider.unavailable' });
    outcomes.push({ siret: DGFIP, at: new Date(now - 9 * 60_000), outcome: 'served' });
    for (let i = 0; i < 3; i++)
      outcomes.push({ siret: DGFIP, at: new Date(now - 60_000 * (i + 1)), outcome: 'failed', problemCode: 'provider.timeout' });
    outcomes.push({ siret: DGFIP, at: new Date(now - 30_000), outcome: 'failed', problemCode: 'provider.not_found' });
    outcomes.push({ siret: DGFIP, at: new Date(now - 20_000), outcome: 'denied', problemCode: 'client.scope_not_granted' });
    const res = await ping(DGFIP);
    expect(res.body).toEqual({
      status: 'bad_gateway',
      last_update: new Date(now - 20_000).toISOString(),
      last_ok_status: new Date(now - 30_000).toISOString(),
    });
  });

  test('a connector probe that fails makes the producer bad_gateway (probes are cached, not hammered)', async () => {
    connector.set('down');
    t.clock.advance(20_000);
    const before = connector.probes;
    expect((await ping(CNAF)).body.status).toBe('bad_gateway');
    expect((await ping(CNAF)).body.status).toBe('bad_gateway');
    expect(connector.probes - before).toBe(1);
    connector.set('up');
    t.clock.advance(20_000);
    expect((await ping(CNAF)).body.status).toBe('ok');
  });

  test('bad SIRET -> 400 client.invalid_siret; unknown organisation or a non-producer -> 404', async () => {
    expect((await ping('12345678901234')).body.code).toBe('client.invalid_siret');
    expect((await ping('11000200300025')).status).toBe(404);
    expect((await ping(LYON)).body.code).toBe('client.not_found');
  });
});

describe('maintenance windows declared by the producer', () => {
  test('inside a declared window the ping answers maintenance; the window is listed and can be cancelled', async () => {
    const now = t.clock.now().getTime();
    const created = await request(t.app)
      .post(`/v1/producers/${CNAF}/maintenance-windows`)
      .set('X-Test-Principal', 'cnafAdmin')
      .send({
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        reason: 'Migration du système d’information',
      });
    expect(created.status).toBe(201);
    expect((await ping(CNAF)).body.status).toBe('maintenance');
    const list = await request(t.app).get(`/v1/producers/${CNAF}/maintenance-windows`);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    const del = await request(t.app)
      .delete(`/v1/producers/${CNAF}/maintenance-windows/${created.body.id}`)
      .set('X-Test-Principal', 'cnafAdmin');
    expect(del.status).toBe(204);
    expect((await ping(CNAF)).body.status).toBe('ok');
  });

  test('a window ending before it starts, unknown members or a past window -> 422', async () => {
    const now = t.clock.now().getTime();
    const post = (body: object) => request(t.app).post(`/v1/producers/${CNAF}/maintenance-windows`).set(adminAuth).send(body);
    expect(
      (await post({ startsAt: new Date(now + 2e6).toISOString(), endsAt: new Date(now + 1e6).toISOString(), reason: 'x' })).body.code,
    ).toBe('client.validation_failed');
    expect(
      (await post({ startsAt: new Date(now).toISOString(), endsAt: new Date(now + 1e6).toISOString(), reason: 'x', extra: 1 })).body.errors,
    ).toContainEqual({ pointer: '/extra', detail: 'champ inconnu' });
    expect(
      (await post({ startsAt: new Date(now - 2e6).toISOString(), endsAt: new Date(now - 1e6).toISOString(), reason: 'x' })).status,
    ).toBe(422);
  });

  test('another organisation cannot declare or cancel the producer’s windows', async () => {
    const res = await request(t.app)
      .post(`/v1/producers/${CNAF}/maintenance-windows`)
      .set('X-Test-Principal', 'lyonAgent')
      .send({ startsAt: t.clock.now().toISOString(), endsAt: new Date(t.clock.now().getTime() + 1e6).toISOString(), reason: 'x' });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
    const del = await request(t.app)
      .delete(`/v1/producers/${CNAF}/maintenance-windows/00000000-0000-4000-8000-000000000000`)
      .set('X-Test-Principal', 'lyonAgent');
    expect(del.status).toBe(403);
  });
});

describeAccessControl(
  'maintenance windows',
  () => t.app,
  [
    {
      method: 'post',
      path: `/v1/producers/${CNAF}/maintenance-windows`,
      body: { startsAt: '2026-11-24T00:00:00Z', endsAt: '2026-11-24T01:00:00Z', reason: 'x' },
    },
    { method: 'delete', path: `/v1/producers/${CNAF}/maintenance-windows/00000000-0000-4000-8000-000000000000` },
  ],
  () => ({ 'X-Test-Principal': 'lyonAgent' }),
);
