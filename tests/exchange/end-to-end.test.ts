/**
 * The exchange with real parts end to end: the demo world seeded (catalogue imported from the
 * CNAF producer's OpenAPI, validated contracts), the demo producers' backends started, a token
 * from /oauth/token, a call through /exchange/..., the group-commit ledger writer on PostgreSQL.
 */
import request from 'supertest';
import type { TestApp } from '../helpers/app.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { listDemoPeople, type DemoPerson } from '../../connectors/index.js';
import { findEventById, listExchanges } from '../../ledger/index.js';
import { subjectRef } from '../../schemas/index.js';
import { basic } from '../contracts/flow.js';
import { startDemoWorld, particulierQuery, type DemoWorld } from './demo-world.js';

let world: DemoWorld;
let t: TestApp;

beforeAll(async () => {
  world = await startDemoWorld('e2e-gateway');
  t = world.t;
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

function particulier(p: DemoPerson): URLSearchParams {
  return new URLSearchParams(particulierQuery(p));
}

describe('end to end: a demo consumer fetches a family quotient, traced in the ledger', () => {
  test('token -> /exchange -> minimised data -> its event, visible to consumer and producer only', async () => {
    const d = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === 'cnaf-quotient-familial')!;
    const tokenRes = await request(t.app)
      .post('/oauth/token')
      .set('Authorization', basic(d.clientId, d.secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(tokenRes.status).toBe(200);
    const token = tokenRes.body.access_token as string;
    const lyon = DEMO_ORGANISATIONS.villeLyon.siret;

    let res: request.Response | undefined;
    let person: DemoPerson | undefined;
    for (const p of listDemoPeople().slice(0, 20)) {
      const q = particulier(p);
      q.append('recipient', lyon);
      q.append('context', 'Tarification cantine');
      q.append('object', 'Dossier E2E-1');
      res = await request(t.app).get(`/exchange/cnaf-quotient-familial/v1/quotient-familial?${q}`).set('Authorization', `Bearer ${token}`);
      if (res.status !== 404) {
        person = p;
        break;
      }
    }
    expect([res!.status, res!.body.code, res!.body.detail]).toEqual([200, undefined, undefined]);
    const body = res!.body as { data: Record<string, unknown>; meta: { exchangeId: string; scopes: string[] } };
    expect(body.meta.exchangeId).toBe(res!.headers['x-request-id']);
    // Minimised: only what the granted scopes name.
    const allowed = new Set(['numero_allocataire', 'quotient_familial', 'allocataires', 'enfants']);
    for (const k of Object.keys(body.data)) expect(allowed.has(k)).toBe(true);
    if (!body.meta.scopes.includes('composition_foyer')) {
      expect(body.data.allocataires).toBeUndefined();
      expect(body.data.enfants).toBeUndefined();
    }

    const ev = await findEventById(t.db.pool, body.meta.exchangeId);
    expect(ev).toMatchObject({
      type: 'exchange.served',
      outcome: 'served',
      status: 200,
      consumer_siret: lyon,
      client_id: d.clientId,
      producer_siret: DEMO_ORGANISATIONS.cnaf.siret,
      api_slug: 'cnaf-quotient-familial',
      endpoint: 'getQuotientFamilial',
      subject_kind: 'person',
      recipient: lyon,
      context: 'Tarification cantine',
      object: 'Dossier E2E-1',
      subject_ref: subjectRef(t.deps.config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot: person! }),
    });
    expect(ev!.fields!.length).toBeGreaterThan(0);
    expect(ev!.legal_basis).toBeTruthy();

    const mine = await listExchanges(t.db.pool, { consumerSiret: lyon });
    expect(mine.items.map((e) => e.id)).toContain(ev!.id);
    const producer = await listExchanges(t.db.pool, { producerSiret: DEMO_ORGANISATIONS.cnaf.siret });
    expect(producer.items.map((e) => e.id)).toContain(ev!.id);
    const other = await listExchanges(t.db.pool, { consumerSiret: DEMO_ORGANISATIONS.departementGironde.siret });
    expect(other.items.map((e) => e.id)).not.toContain(ev!.id);
  });

  test('a denied call through the real path is in the ledger too (aggregated when it carries no credential)', async () => {
    const res = await request(t.app).get(
      '/exchange/cnaf-quotient-familial/v1/quotient-familial?recipient=21690123100011&context=x&object=y',
    );
    expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
    await t.services.exchange.flushDenials();
    const { rows } = await t.db.pool.query(
      "SELECT type, problem_code, status, consumer_siret, api_slug, detail FROM ledger_events WHERE detail->'aggregate'->>'lastExchangeId' = $1",
      [res.headers['x-request-id']],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'exchange.denied',
      problem_code: 'client.unauthenticated',
      status: 401,
      consumer_siret: null,
      api_slug: 'cnaf-quotient-familial',
      detail: { aggregate: { count: 1 } },
    });
  });
});
