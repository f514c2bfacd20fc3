/**
 * The exchange with real parts end to end: the demo world seeded (catalogue imported from the
 * CNAF producer's OpenAPI, validated contracts), the demo producers' backends started, a token
 * from /oauth/token, a call through /exchange/..., the group-commit ledger writer on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { startDemoProducers, listDemoPeople, type DemoProducersRuntime, type DemoPerson } from '../../connectors/index.js';
import { createLedgerWriter, findEventById, listExchanges, type LedgerWriter } from '../../ledger/index.js';
import { domainConnectorRegistry } from '../../gateway/exchange/adapters/connectors.js';
import { ledgerWriterPort } from '../../gateway/exchange/adapters/ledger.js';
import { subjectRef } from '../../schemas/index.js';

let t: TestApp;
let demo: DemoProducersRuntime;
let writer: LedgerWriter | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'dp-e2e-'));
const connectors = domainConnectorRegistry();

beforeAll(async () => {
  // The ledger writer and connectors need the test database, created by startTestApp: bound lazily.
  t = await startTestApp({
    deps: {
      exchangeParts: {
        ledger: { append: (e) => ledgerWriterPort((writer ??= createLedgerWriter({ pool: t.db.pool, chainId: 'e2e-gateway', clock: t.clock }))).append(e) },
        connectors,
      },
    },
  });
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  demo = await startDemoProducers({ pool: t.db.pool, dataDir });
  // The demo contracts are approved on the system clock: the app's clock moves past their start.
  t.clock.set(new Date(Date.now() + 1000));
  for (const [slug, c] of demo.connectors) connectors.set(slug, c);
}, 120_000);
afterAll(async () => {
  await writer?.close();
  await demo?.stop();
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

function particulier(p: DemoPerson): URLSearchParams {
  const [y, m, d] = p.birthdate.split('-');
  const q = new URLSearchParams([['nomNaissance', p.family_name]]);
  for (const given of p.given_name.split(' ')) q.append('prenoms[]', given);
  q.append('anneeDateNaissance', y!);
  q.append('moisDateNaissance', String(Number(m)));
  q.append('jourDateNaissance', String(Number(d)));
  q.append('sexeEtatCivil', p.gender === 'female' ? 'F' : 'M');
  q.append('codeCogInseePaysNaissance', p.birthcountry);
  if (p.birthplace) q.append('codeCogInseeCommuneNaissance', p.birthplace);
  return q;
}

describe('end to end: a demo consumer fetches a family quotient, traced in the ledger', () => {
  test('token -> /exchange -> minimised data -> its event, visible to consumer and producer only', async () => {
    const d = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === 'cnaf-quotient-familial')!;
    const tokenRes = await request(t.app).post('/oauth/token').set('Authorization', basic(d.clientId, d.secret)).type('form').send({ grant_type: 'client_credentials' });
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
      if (res.status !== 404) { person = p; break; }
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
      type: 'exchange.served', outcome: 'served', status: 200, consumer_siret: lyon, client_id: d.clientId,
      producer_siret: DEMO_ORGANISATIONS.cnaf.siret, api_slug: 'cnaf-quotient-familial', endpoint: 'getQuotientFamilial',
      subject_kind: 'person', recipient: lyon, context: 'Tarification cantine', object: 'Dossier E2E-1',
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

  test('a denied call through the real path is in the ledger too', async () => {
    const res = await request(t.app).get('/exchange/cnaf-quotient-familial/v1/quotient-familial?recipient=21690123100011&context=x&object=y');
    expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
    const ev = await findEventById(t.db.pool, String(res.headers['x-request-id']));
    expect(ev).toMatchObject({ type: 'exchange.denied', problem_code: 'client.unauthenticated', status: 401, consumer_siret: null });
  });
});
