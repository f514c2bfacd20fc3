/**
 * Every demo producer answers through the gateway: the demo world seeded,
 * the producers' real backends started (REST, flat file, SOAP, SQL, open referential), a token
 * from /oauth/token with each demo contract's credentials, a call through /exchange/... The
 * pipeline checks each answer against the endpoint's response schema before releasing it, so a
 * 200 is an answer that validated; the test checks it again with ajv.
 */
import request from 'supertest';
import type { TestApp } from '../helpers/app.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { listDemoPeople, listDemoCompanies, type DemoPerson } from '../../connectors/index.js';
import { grantConsent } from '../../consent/index.js';
import { subjectRef } from '../../schemas/index.js';
import { getApi, getEndpoint, listEndpoints } from '../../catalog/index.js';
import { createAjv } from '../../schemas/index.js';
import { startDemoWorld, particulierQuery, type DemoWorld } from './demo-world.js';

let world: DemoWorld;
let t: TestApp;

beforeAll(async () => {
  world = await startDemoWorld('demo-producers');
  t = world.t;
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

/** The producer path and query variants to try for an API's only endpoint. */
function candidates(slug: string, pathTemplate: string): { path: string; query: [string, string][]; person?: DemoPerson }[] {
  if (pathTemplate.includes('{siren}'))
    return listDemoCompanies()
      .slice(0, 5)
      .map((c) => ({ path: pathTemplate.replace('{siren}', c.siren), query: [] }));
  if (pathTemplate.includes('{code}')) return [{ path: pathTemplate.replace('{code}', '69123'), query: [] }];
  void slug;
  return listDemoPeople()
    .slice(0, 40)
    .map((p) => ({ path: pathTemplate, query: particulierQuery(p), person: p }));
}

describe('the real catalogue port feeds consent minimisation', () => {
  test("the composed exchange ports expose the API's field -> data-element links", async () => {
    const ports = t.services.exchange.pipeline.runtime.ports;
    expect(await ports.catalog.fieldLinks('cnaf-quotient-familial')).toMatchObject({ '/quotient_familial/valeur': 'quotient_familial' });
  });
});

describe('open APIs are served without a token; nothing else is', () => {
  test('an anonymous call to the open communes referential: served, rate-limited, recorded', async () => {
    const res = await request(t.app).get('/exchange/dinum-communes/v1/communes/69123');
    expect([res.status, res.body.code, res.body.detail]).toEqual([200, undefined, undefined]);
    expect(res.body.data).toMatchObject({ code: '69123' });
    expect(res.headers['ratelimit-limit']).toBeDefined();
    const { rows } = await t.db.pool.query('SELECT outcome, consumer_siret, api_slug FROM ledger_events WHERE id = $1', [
      res.body.meta.exchangeId,
    ]);
    expect(rows[0]).toEqual({ outcome: 'served', consumer_siret: null, api_slug: 'dinum-communes' });
  });

  test('traceability parameters, when given to an open API, are still checked', async () => {
    const res = await request(t.app).get('/exchange/dinum-communes/v1/communes/69123?recipient=123&context=x&object=y');
    expect([res.status, res.body.code]).toEqual([400, 'client.missing_traceability']);
  });

  test('an anonymous call to a restricted API, or to an unknown one, is 401 and reveals nothing', async () => {
    const restricted = await request(t.app).get('/exchange/insee-unites-legales/v1/unites-legales/123456789');
    expect([restricted.status, restricted.body.code]).toEqual([401, 'client.unauthenticated']);
    const unknown = await request(t.app).get('/exchange/nope/v1/x');
    expect([unknown.status, unknown.body.code]).toEqual([401, 'client.unauthenticated']);
  });
});

describe('each demo producer answers through the gateway for a synthetic person or company', () => {
  const slugs = [...new Set(DEMO_CONTRACTS.map((d) => d.apiSlug))].sort();

  test('the demo contracts cover the five restricted demo producers (the communes referential is open)', () => {
    expect(slugs).toEqual([
      'cnaf-quotient-familial',
      'cnous-statut-etudiant-boursier',
      'dgfip-situation-fiscale',
      'france-travail-inscription',
      'insee-unites-legales',
    ]);
  });

  test.each([...slugs, 'dinum-communes'])('%s', async (slug) => {
    const d = DEMO_CONTRACTS.find((c) => c.apiSlug === slug);
    let auth: Record<string, string> = {};
    if (d) {
      const token = await request(t.app)
        .post('/oauth/token')
        .auth(d.clientId, d.secret)
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(token.status).toBe(200);
      auth = { Authorization: `Bearer ${token.body.access_token}` };
    }
    const [summary] = (await listEndpoints(t.db.pool, slug)) as { operationId: string }[];
    const endpoint = (await getEndpoint(t.db.pool, slug, summary!.operationId)) as { pathTemplate: string; responseSchema: object | null };
    const recipient = DEMO_ORGANISATIONS[d?.consumer ?? 'villeLyon'].siret;
    // An API asking for the person's consent: each candidate consents first (to this consumer, for the contract's purpose).
    const consentRequired = (await getApi(t.db.pool, slug)).consentPolicy === 'consent_required';
    let res: request.Response | undefined;
    for (const c of candidates(slug, endpoint.pathTemplate)) {
      if (consentRequired && c.person && d) {
        const ref = subjectRef(t.deps.config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot: c.person });
        await grantConsent(t.services.consent.ctx, {
          subjectRef: ref,
          subjectKind: 'person',
          consumerSiret: recipient,
          apiSlug: slug,
          purpose: d.purpose,
          validUntil: new Date(t.clock.now().getTime() + 86_400_000),
          actor: { kind: 'citizen', id: ref },
        });
      }
      const q = new URLSearchParams([...c.query, ['recipient', recipient], ['context', 'Démonstration'], ['object', 'Dossier 1']]);
      res = await request(t.app).get(`/exchange/${slug}${c.path}?${q}`).set(auth);
      if (res.status !== 404) break;
    }
    expect([res!.status, res!.body.code]).toEqual([200, undefined]);
    expect(res!.body.meta).toMatchObject({ api: slug, endpoint: summary!.operationId });
    const validate = createAjv().compile(endpoint.responseSchema ?? {});
    expect([validate(res!.body.data), validate.errors]).toEqual([true, null]);
  });
});
