/**
 * The lesser holes of the exchange path and the HTTP surface, on the real parts (demo world,
 * group-commit ledger on PostgreSQL): NUL bytes and an over-long API slug are the client's
 * error with their event (never 5xx, never a 503 without a trace), an undecodable path is a
 * 400 with its id and counted, and every page and response carries the security headers.
 */
import request from 'supertest';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { listDemoPeople } from '../../connectors/index.js';
import { findEventById } from '../../ledger/index.js';
import { loginAs } from '../helpers/login.js';
import { basic } from '../contracts/flow.js';
import { startDemoWorld, particulierQuery, type DemoWorld } from '../exchange/demo-world.js';

let w: DemoWorld;
let token: string;
const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const PATH = '/exchange/cnaf-quotient-familial/v1/quotient-familial';

beforeAll(async () => {
  w = await startDemoWorld('lesser-holes');
  const d = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === 'cnaf-quotient-familial')!;
  const res = await request(w.t.app)
    .post('/oauth/token')
    .set('Authorization', basic(d.clientId, d.secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
  token = res.body.access_token as string;
}, 60_000);
afterAll(async () => {
  await w.stop();
});

function query(trace: Record<string, string>): string {
  const q = new URLSearchParams(particulierQuery(listDemoPeople()[0]!));
  for (const [k, v] of Object.entries(trace)) q.append(k, v);
  return q.toString();
}

async function aggregatedFor(id: string): Promise<Record<string, unknown> | undefined> {
  await w.t.services.exchange.flushDenials();
  const { rows } = await w.t.db.pool.query("SELECT * FROM ledger_events WHERE detail->'aggregate'->>'lastExchangeId' = $1", [id]);
  return rows[0];
}

describe('a NUL byte in a query value is a 400 problem, never 5xx', () => {
  test.each(['context', 'object'])('exchange %s with NUL -> 400 client.invalid_parameter, recorded', async (name) => {
    const trace: Record<string, string> = { recipient: LYON, context: 'Cantine', object: 'Dossier 1' };
    trace[name] = 'avant\u0000après';
    const res = await request(w.t.app)
      .get(`${PATH}?${query(trace)}`)
      .set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.code]).toEqual([400, 'client.invalid_parameter']);
    const ev = await findEventById(w.t.db.pool, String(res.headers['x-request-id']));
    expect(ev).toMatchObject({ type: 'exchange.denied', problem_code: 'client.invalid_parameter', context: null, object: null });
  });

  test('audit filters with NUL -> 400 client.invalid_parameter', async () => {
    const auditor = await loginAs(w.t, 'auditeur');
    for (const k of ['producer', 'consumer', 'api', 'status', 'cursor']) {
      const res = await request(w.t.app).get(`/v1/audit/contracts?${k}=a%00b`).set('Cookie', auditor.cookie);
      expect([k, res.status, res.body.code]).toEqual([k, 400, 'client.invalid_parameter']);
    }
  });
});

describe('an API slug over 500 characters', () => {
  test('anonymous: 401 with its (aggregated) event, the slug not recorded', async () => {
    const res = await request(w.t.app).get(`/exchange/${'s'.repeat(600)}/x?${query({ recipient: LYON, context: 'a', object: 'b' })}`);
    expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
    const ev = await aggregatedFor(String(res.headers['x-request-id']));
    expect(ev).toMatchObject({ type: 'exchange.denied', problem_code: 'client.unauthenticated', api_slug: null });
  });

  test('with a valid token: 404 client.not_found with its own event, the slug not recorded', async () => {
    const res = await request(w.t.app)
      .get(`/exchange/${'s'.repeat(600)}/x?${query({ recipient: LYON, context: 'a', object: 'b' })}`)
      .set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.code]).toEqual([404, 'client.not_found']);
    expect(await findEventById(w.t.db.pool, String(res.headers['x-request-id']))).toMatchObject({
      problem_code: 'client.not_found',
      api_slug: null,
      client_id: expect.any(String),
    });
  });
});

test('bad percent-encoding on /exchange -> 400 with X-Request-ID, its instance, and counted', async () => {
  const res = await request(w.t.app).get('/exchange/%E0%A4%A/v1/quotient-familial');
  expect([res.status, res.body.code]).toEqual([400, 'client.invalid_request']);
  const id = String(res.headers['x-request-id']);
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body.instance).toBe(`urn:uuid:${id}`);
  expect(await aggregatedFor(id)).toMatchObject({ problem_code: 'client.invalid_request', detail: { aggregate: { count: 1 } } });
  const inPath = await request(w.t.app).get('/exchange/cnaf-quotient-familial/v1/%ZZ').set('Authorization', `Bearer ${token}`);
  expect([inPath.status, inPath.body.code, inPath.body.instance]).toEqual([
    400,
    'client.invalid_request',
    `urn:uuid:${inPath.headers['x-request-id']}`,
  ]);
});

describe('security headers on every page and response', () => {
  test.each(['/', '/connexion', '/catalogue', '/healthz', '/openapi.json', '/nope', `${PATH}?x=1`, '/catalogue/import.js'])(
    '%s',
    async (path) => {
      const res = await request(w.t.app).get(path);
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  test('no page carries an inline script, inline style or event handler', async () => {
    for (const path of ['/', '/catalogue', '/connexion', '/guichet', '/docs']) {
      const res = await request(w.t.app).get(path);
      if (!String(res.headers['content-type']).startsWith('text/html')) continue;
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(res.text).not.toMatch(/\sstyle="/i);
      expect(res.text).not.toMatch(/\son[a-z]+="/i);
    }
  });
});
