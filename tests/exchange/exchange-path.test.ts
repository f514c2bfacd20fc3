/**
 * The exchange path on the adapters production runs (tests/support/exchange-world.ts): real
 * catalogue, contracts, token keys, rate limiter and ledger on PostgreSQL, tokens from the real
 * `/oauth/token`, the real REST connector bound by the operator to a real upstream. The ledger's
 * connections go through a TCP proxy of the test's own, so that it can take the ledger away.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { SignJWT, decodeProtectedHeader } from 'jose';
import { startTcpProxy, type TcpProxy } from '../ledger/tcp-proxy.js';
import { basic } from '../contracts/flow.js';
import {
  startExchangeWorld,
  qs,
  DUPONT,
  TRACE,
  LYON,
  GIRONDE,
  DGFIP,
  type ExchangeWorld,
  type StoredEvent,
} from '../support/exchange-world.js';

let f: ExchangeWorld;
let proxy: TcpProxy;
let ledgerPool: pg.Pool | undefined;
/** Ids of the answers given to a caller with a verified token: each must have its own event. */
const credentialed: string[] = [];

beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  f = await startExchangeWorld({
    env: { UPSTREAM_TIMEOUT_MS: '300', CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_OPEN_MS: '5000' },
    chainId: 'exchange-path',
    ledgerPool: (db) => {
      const url = (db.options as { connectionString: string }).connectionString.replace(':5432/', `:${proxy.port}/`);
      ledgerPool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 1000 });
      ledgerPool.on('error', () => undefined);
      return ledgerPool;
    },
    contracts: [
      { key: 'c-lyon' },
      { key: 'c-gironde', consumerSiret: GIRONDE, recipients: [GIRONDE, LYON] },
      { key: 'c-limited', rateLimitPerMinute: 3 },
      { key: 'c-ip', ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'] },
      { key: 'c-suspended' },
      { key: 'c-versioned' },
      { key: 'c-bourse', apiSlug: 'cnous-bourse' },
      { key: 'c-old', apiSlug: 'old-api' },
      { key: 'c-legacy', apiSlug: 'legacy-api' },
      { key: 'c-flaky', apiSlug: 'flaky-api' },
    ],
  });
}, 120_000);
afterAll(async () => {
  proxy?.restore();
  await f?.stop();
  await ledgerPool?.end().catch(() => undefined);
  await proxy?.close();
});
beforeEach(() => {
  f.upstream.mode = 'ok';
});

const QF = (params: Record<string, string | string[]> = {}, api = 'cnaf-quotient-familial') =>
  `/exchange/${api}/quotient-familial?${qs({ ...TRACE, ...DUPONT, ...params })}`;

async function call(path: string, token?: string) {
  const req = request(f.t.app).get(path);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
}

/** The claims the authorisation server would put in a token of this contract. */
function claimsOf(key: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const c = f.contracts[key]!;
  return {
    client_id: c.client.client_id,
    contract_id: c.id,
    contract_version: 1,
    consumer_siret: c.consumerSiret,
    scope: c.scopes.join(' '),
    ...over,
  };
}

/** The event recorded for a response (its X-Request-ID). */
async function eventOf(res: request.Response): Promise<StoredEvent> {
  const id = res.headers['x-request-id'];
  const ev = await f.eventOf(id);
  if (!ev) throw new Error(`no ledger event for ${id}`);
  credentialed.push(id);
  return ev;
}

/** The aggregate of denials without credential that counted an answer (by its exchange id). */
async function aggregateOf(id: string): Promise<StoredEvent | undefined> {
  return (await f.events()).find(
    (e) => (e.detail as { aggregate?: { lastExchangeId?: string } } | undefined)?.aggregate?.lastExchangeId === id,
  );
}

/**
 * A denial without a valid credential: the same answer, recorded in its per-minute aggregate
 * (one event per address, code and minute) rather than one event each.
 */
async function expectAggregatedDenial(res: request.Response, status: number, code: string) {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
  expect(await f.eventOf(res.headers['x-request-id'])).toBeUndefined();
  await f.t.services.exchange.flushDenials();
  const ev = await aggregateOf(res.headers['x-request-id']);
  if (!ev) throw new Error(`no aggregated ledger event for ${res.headers['x-request-id']}`);
  expect(ev).toMatchObject({ outcome: 'denied', problemCode: code, status, type: 'exchange.denied', detail: { aggregate: { count: 1 } } });
  return ev;
}

/** Asserts status + problem code, the problem's instance, and the matching ledger event. */
async function expectProblem(res: request.Response, status: number, code: string, outcome: 'denied' | 'failed') {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
  expect(res.body.data).toBeUndefined();
  const ev = await eventOf(res);
  expect(ev).toMatchObject({ outcome, problemCode: code, status, type: `exchange.${outcome}` });
  return ev;
}

describe('an authorised exchange is served minimised, after its event is recorded', () => {
  test('200 with granted fields only, meta, X-Request-ID = exchange id = event id', async () => {
    const res = await call(QF(), await f.token('c-lyon'));
    expect(res.status).toBe(200);
    // The catalogue's maskResponse, as production runs it: the producer's month, claimants and address are dropped.
    expect(res.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });
    expect(res.body.meta).toEqual({
      exchangeId: res.headers['x-request-id'],
      api: 'cnaf-quotient-familial',
      endpoint: 'getQuotientFamilial',
      scopes: ['quotient_familial'],
    });
    expect(res.headers['ratelimit-limit']).toBe('1000');
    const ev = await eventOf(res);
    expect(ev).toMatchObject({
      type: 'exchange.served',
      outcome: 'served',
      status: 200,
      consumerSiret: LYON,
      clientId: f.contracts['c-lyon']!.client.client_id,
      contractId: f.contracts['c-lyon']!.id,
      contractVersion: 1,
      producerSiret: '18000100000017',
      apiSlug: 'cnaf-quotient-familial',
      endpoint: 'getQuotientFamilial',
      subjectKind: 'person',
      recipient: LYON,
      context: TRACE.context,
      object: TRACE.object,
      fields: ['/quotient_familial/valeur', '/quotient_familial/annee'],
    });
    expect(ev.legalBasis).toMatchObject({ nature: expect.any(String) });
    expect(ev.subjectRef).toMatch(/^[0-9a-f]{64}$/);
    expect(ev.bodySha256).toBe(createHash('sha256').update(res.text).digest('hex'));
    // No personal data in clear in the event (invariant 4).
    expect(JSON.stringify(ev)).not.toMatch(/DUPONT|Dupont|1985|1234/);
  });

  test('X-Correlation-ID (= exchange id) and the recipient are forwarded; traceability parameters are not', async () => {
    const res = await call(QF(), await f.token('c-lyon'));
    const seen = f.upstream.requests.at(-1)!;
    expect(seen.headers['x-correlation-id']).toBe(res.headers['x-request-id']);
    expect(seen.headers['x-recipient']).toBe(LYON);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.url).not.toMatch(/recipient|context|object/);
    expect(seen.url).toMatch(/nomNaissance=Dupont/);
  });

  test('a scope naming items of an array releases that member of every item, and nothing else', async () => {
    await f.newVersion('c-gironde', { scopes: ['quotient_familial', 'allocataires'], recipients: [GIRONDE, LYON] });
    await f.until(
      async () => (await call(QF({ recipient: GIRONDE }), await f.token('c-gironde').catch(() => ''))).status === 200,
      'new version of c-gironde',
    );
    const res = await call(QF({ recipient: GIRONDE }), await f.token('c-gironde'));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 }, allocataires: [{ nom: 'DUPONT' }] });
    expect((await eventOf(res)).fields).toEqual(['/quotient_familial/valeur', '/quotient_familial/annee', '/allocataires/*/nom']);
  });

  test('the same person with other accents, case and spacing has the same subject_ref', async () => {
    const token = await f.token('c-lyon');
    const a = await call(QF(), token);
    const b = await call(QF({ nomNaissance: '  DUPONT ', 'prenoms[]': ['elodie', 'MARIE'], moisDateNaissance: '04' }), token);
    const c = await call(QF({ nomNaissance: 'Dupond' }), token);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect((await eventOf(b)).subjectRef).toBe((await eventOf(a)).subjectRef);
    expect((await eventOf(c)).subjectRef).not.toBe((await eventOf(a)).subjectRef);
  });

  test('a deprecated API answers with Deprecation, Sunset and a notice in meta', async () => {
    const res = await call(QF({}, 'legacy-api'), await f.token('c-legacy'));
    expect(res.status).toBe(200);
    expect(res.headers.deprecation).toBe('true');
    expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(res.body.meta.deprecation).toEqual({ notice: 'Utilisez la v2.', sunset: expect.stringMatching(/^2027-06-30/) });
  });
});

describe('authenticate: no valid token, no data', () => {
  test('no token -> 401 client.unauthenticated, recorded without a consumer', async () => {
    const res = await call(QF());
    const ev = await expectAggregatedDenial(res, 401, 'client.unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(ev.consumerSiret).toBeUndefined();
    expect(ev.apiSlug).toBe('cnaf-quotient-familial');
    expect(f.upstream.requests.filter((r) => r.headers['x-correlation-id'] === res.headers['x-request-id'])).toEqual([]);
  });

  test('forged token -> 401 client.invalid_token', async () => {
    const res = await call(QF(), 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    await expectAggregatedDenial(res, 401, 'client.invalid_token');
  });

  test('token signed by another key under the real key id -> 401 client.invalid_token', async () => {
    const { kid } = decodeProtectedHeader(await f.token('c-lyon'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Math.floor(f.t.clock.now().getTime() / 1000);
    const token = await new SignJWT(claimsOf('c-lyon'))
      .setProtectedHeader({ alg: 'ES256', kid: kid!, typ: 'at+jwt' })
      .setIssuer('http://localhost:3000')
      .setAudience('http://localhost:3000/exchange')
      .setSubject('x')
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.invalid_token');
  });

  test('wrong audience -> 401 client.invalid_token', async () => {
    const token = await f.signedToken(claimsOf('c-lyon'), { audience: 'http://elsewhere' });
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.invalid_token');
  });

  test('expired token -> 401 client.token_expired, also once cached', async () => {
    const token = await f.token('c-lyon');
    expect((await call(QF(), token)).status).toBe(200);
    f.t.clock.advance((f.t.deps.config.ACCESS_TOKEN_TTL_SECONDS + 6) * 1000);
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.token_expired');
    const fresh = await f.signedToken(claimsOf('c-lyon'), { expiresInSec: 1 });
    f.t.clock.advance(7_000);
    await expectAggregatedDenial(await call(QF(), fresh), 401, 'client.token_expired');
  });

  test('revoked token (RFC 7009 at the authorisation server) -> 401 client.invalid_token, even when cached', async () => {
    const token = await f.token('c-lyon');
    expect((await call(QF(), token)).status).toBe(200);
    const { client } = f.contracts['c-lyon']!;
    await request(f.t.app)
      .post('/oauth/revoke')
      .set('Authorization', basic(client.client_id, client.client_secret))
      .type('form')
      .send({ token })
      .expect(200);
    let res = await call(QF(), token);
    for (let i = 0; i < 100 && res.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await call(QF(), token);
    }
    await expectAggregatedDenial(res, 401, 'client.invalid_token');
  });
});

describe('authorise: the contract decides', () => {
  test("other contract's endpoint -> 403 client.endpoint_not_granted", async () => {
    const res = await call(QF({}, 'dgfip-revenu'), await f.token('c-lyon'));
    const ev = await expectProblem(res, 403, 'client.endpoint_not_granted', 'denied');
    expect(ev).toMatchObject({ consumerSiret: LYON, contractId: f.contracts['c-lyon']!.id, producerSiret: DGFIP });
  });

  test('scope not granted by the contract -> refused by /oauth/token; signed anyway -> 403 client.scope_not_granted', async () => {
    await expect(f.token('c-lyon', { scope: 'quotient_familial allocataires' })).rejects.toThrow(/invalid_scope/);
    const res = await call(QF(), await f.signedToken(claimsOf('c-lyon', { scope: 'quotient_familial allocataires' })));
    await expectProblem(res, 403, 'client.scope_not_granted', 'denied');
  });

  test('token with no scope of this API -> 403 client.scope_not_granted', async () => {
    await expectProblem(
      await call(QF(), await f.signedToken(claimsOf('c-lyon', { scope: 'autre_chose' }))),
      403,
      'client.scope_not_granted',
      'denied',
    );
  });

  test('contract suspended after its token was issued -> 403 client.contract_inactive', async () => {
    const token = await f.token('c-suspended');
    expect((await call(QF(), token)).status).toBe(200);
    await f.setStatus('c-suspended', 'suspend');
    let res = await call(QF(), token);
    for (let i = 0; i < 100 && res.status === 200; i++) res = await new Promise((r) => setTimeout(r, 50)).then(() => call(QF(), token));
    await expectProblem(res, 403, 'client.contract_inactive', 'denied');
  });

  test('token of an older contract version -> 403 client.contract_inactive', async () => {
    const token = await f.token('c-versioned');
    expect((await call(QF(), token)).status).toBe(200);
    await f.newVersion('c-versioned');
    let res = await call(QF(), token);
    for (let i = 0; i < 100 && res.status === 200; i++) res = await new Promise((r) => setTimeout(r, 50)).then(() => call(QF(), token));
    await expectProblem(res, 403, 'client.contract_inactive', 'denied');
    expect((await call(QF(), await f.token('c-versioned'))).status).toBe(200);
  });

  test('unknown contract -> 403 client.contract_inactive (fail closed)', async () => {
    const token = await f.signedToken(claimsOf('c-lyon', { contract_id: randomUUID() }));
    await expectProblem(await call(QF(), token), 403, 'client.contract_inactive', 'denied');
  });

  test("caller outside the contract's IP allowlist: no token from /oauth/token; a token anyway -> 403 client.ip_not_allowed", async () => {
    await expect(f.token('c-ip')).rejects.toThrow(/unauthorized_client/);
    await expectProblem(await call(QF(), await f.signedToken(claimsOf('c-ip'))), 403, 'client.ip_not_allowed', 'denied');
  });

  test('unknown endpoint -> 404 client.not_found; retired API -> 410 client.api_retired', async () => {
    await expectProblem(
      await call(`/exchange/cnaf-quotient-familial/nope?${qs(TRACE)}`, await f.token('c-lyon')),
      404,
      'client.not_found',
      'denied',
    );
    await expectProblem(await call(QF({}, 'old-api'), await f.token('c-old')), 410, 'client.api_retired', 'denied');
    // A path express cannot even decode never reaches the exchange: a plain 400, not a 500.
    const garbled = await call(`/exchange/%E0%A4%A/quotient-familial?${qs(TRACE)}`, await f.token('c-lyon'));
    expect([garbled.status, garbled.body.code]).toEqual([400, 'client.invalid_request']);
  });

  test('rate limit exceeded -> 429 client.rate_limited with RateLimit-* and Retry-After', async () => {
    const token = await f.token('c-limited');
    const ok = [];
    for (let i = 0; i < 3; i++) ok.push(await call(QF(), token));
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(ok.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    const res = await call(QF(), token);
    await expectProblem(res, 429, 'client.rate_limited', 'denied');
    expect(res.headers['ratelimit-limit']).toBe('3');
    expect(res.headers['ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBe(Number(res.headers['ratelimit-reset']));
    f.t.clock.advance(Number(res.headers['retry-after']) * 1000);
    expect((await call(QF(), token)).status).toBe(200);
  });
});

describe('traceability: recipient, context and object are mandatory', () => {
  const cases: [string, Record<string, string>][] = [
    ['missing recipient', { recipient: '' }],
    ['malformed recipient (not 14 digits)', { recipient: '2169012310001' }],
    ['recipient failing the Luhn check', { recipient: '21690123100012' }],
    ['missing context', { context: '' }],
    ['missing object', { object: ' ' }],
    ['object longer than 50 characters', { object: 'x'.repeat(51) }],
    ['context longer than 50 characters', { context: 'é'.repeat(51) }],
  ];
  test.each(cases)('%s -> 400 client.missing_traceability', async (_name, over) => {
    const res = await call(QF(over), await f.token('c-lyon'));
    await expectProblem(res, 400, 'client.missing_traceability', 'denied');
    expect(res.body.errors.length).toBeGreaterThan(0);
  });

  test('no traceability at all lists the three parameters', async () => {
    const res = await call(`/exchange/cnaf-quotient-familial/quotient-familial?${qs(DUPONT)}`, await f.token('c-lyon'));
    await expectProblem(res, 400, 'client.missing_traceability', 'denied');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/recipient', '/context', '/object']);
  });

  test('recipient not bound to the contract -> 403 client.recipient_not_allowed', async () => {
    const res = await call(QF({ recipient: DGFIP }), await f.token('c-lyon'));
    const ev = await expectProblem(res, 403, 'client.recipient_not_allowed', 'denied');
    expect(ev.recipient).toBe(DGFIP);
  });

  test('a recipient declared by the contract is accepted', async () => {
    const res = await call(QF({ recipient: LYON }), await f.token('c-gironde'));
    expect(res.status).toBe(200);
    expect(await eventOf(res)).toMatchObject({ consumerSiret: GIRONDE, recipient: LYON });
  });
});

describe('request validation against the endpoint (ajv)', () => {
  test('invalid parameter value -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ annee: 'abc' }), await f.token('c-lyon'));
    await expectProblem(res, 400, 'client.invalid_parameter', 'denied');
    expect(res.body.errors[0].pointer).toBe('/annee');
  });

  test('unknown parameter -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ debug: '1' }), await f.token('c-lyon'));
    await expectProblem(res, 400, 'client.invalid_parameter', 'denied');
    expect(res.body.errors).toContainEqual({ pointer: '/debug', detail: 'paramètre inconnu' });
  });

  test('incomplete identity -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ jourDateNaissance: '31', moisDateNaissance: '2' }), await f.token('c-lyon'));
    await expectProblem(res, 400, 'client.invalid_parameter', 'denied');
  });

  test('duplicated parameter -> 400 client.duplicate_parameter', async () => {
    const token = await f.token('c-lyon');
    await expectProblem(await call(`${QF()}&context=autre`, token), 400, 'client.duplicate_parameter', 'denied');
    await expectProblem(await call(`${QF()}&nomNaissance=Martin`, token), 400, 'client.duplicate_parameter', 'denied');
  });

  test('consent_required API without the consent module -> 403 client.consent_missing', async () => {
    await expectProblem(await call(QF({}, 'cnous-bourse'), await f.token('c-bourse')), 403, 'client.consent_missing', 'denied');
  });
});

describe('POST exchanges: the body is validated against the endpoint', () => {
  const post = async (body: string, token: string) =>
    request(f.t.app)
      .post(`/exchange/cnaf-quotient-familial/recherche?${qs({ ...TRACE, ...DUPONT })}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(body);

  test('a conforming body is forwarded and the answer minimised', async () => {
    const res = await post('{"dossier":"2026-0042"}', await f.token('c-lyon'));
    expect(res.status).toBe(200);
    expect(res.body.meta.endpoint).toBe('postRecherche');
    expect(res.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });
  });

  test('a body off its schema -> 422 client.validation_failed', async () => {
    const res = await post('{"dossier":"2026-0042","extra":1}', await f.token('c-lyon'));
    await expectProblem(res, 422, 'client.validation_failed', 'denied');
    expect(res.body.errors).toContainEqual({ pointer: '/extra', detail: 'champ inconnu' });
  });

  test('malformed JSON -> 400 client.malformed_json, recorded', async () => {
    await expectProblem(await post('{"dossier": ', await f.token('c-lyon')), 400, 'client.malformed_json', 'denied');
  });
});

describe("producer failures are the provider's, never forwarded verbatim", () => {
  test('producer timeout -> 504 provider.timeout', async () => {
    f.upstream.mode = 'slow';
    const res = await call(QF(), await f.token('c-lyon'));
    const ev = await expectProblem(res, 504, 'provider.timeout', 'failed');
    expect(ev.subjectRef).toMatch(/^[0-9a-f]{64}$/);
  });

  test('producer 500 -> 502 provider.unavailable, its body not passed on', async () => {
    f.upstream.mode = 'error500';
    const res = await call(QF(), await f.token('c-lyon'));
    await expectProblem(res, 502, 'provider.unavailable', 'failed');
    expect(res.text).not.toMatch(/stack trace/);
  });

  test('producer body against its schema -> 502 provider.invalid_response, nothing passed on', async () => {
    f.upstream.mode = 'invalid';
    const res = await call(QF(), await f.token('c-lyon'));
    await expectProblem(res, 502, 'provider.invalid_response', 'failed');
    expect(res.text).not.toMatch(/beaucoup/);
  });

  test('producer body not JSON -> 502 provider.invalid_response', async () => {
    f.upstream.mode = 'notjson';
    await expectProblem(await call(QF(), await f.token('c-lyon')), 502, 'provider.invalid_response', 'failed');
  });

  test('repeated failures open the circuit -> 503 provider.circuit_open without calling the producer; a trial closes it', async () => {
    const token = await f.token('c-flaky');
    f.upstream.mode = 'error500';
    for (let i = 0; i < 3; i++) await expectProblem(await call(QF({}, 'flaky-api'), token), 502, 'provider.unavailable', 'failed');
    const hits = f.upstream.requests.length;
    const res = await call(QF({}, 'flaky-api'), token);
    await expectProblem(res, 503, 'provider.circuit_open', 'failed');
    expect(Number(res.headers['retry-after'])).toBe(5);
    expect(f.upstream.requests.length).toBe(hits);
    // Another producer is unaffected.
    f.upstream.mode = 'ok';
    expect((await call(QF(), await f.token('c-lyon'))).status).toBe(200);
    f.t.clock.advance(5_000);
    expect((await call(QF({}, 'flaky-api'), token)).status).toBe(200);
    expect((await call(QF({}, 'flaky-api'), token)).status).toBe(200);
  });
});

describe('no data without a trace (invariant 1)', () => {
  test('ledger down -> 503 gateway.ledger_unavailable with Retry-After, no producer data released', async () => {
    let anonymousId: string | undefined;
    const token = await f.token('c-lyon');
    const before = (await f.events()).length;
    proxy.cut();
    try {
      const res = await call(QF(), token);
      expect([res.status, res.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.text).not.toMatch(/1234|quotient_familial/);
      // A denial of an authenticated caller cannot be traced either: same answer.
      const denied = await call(QF({ recipient: GIRONDE }), token);
      expect([denied.status, denied.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
      // A denial without credential releases nothing: answered, its aggregate appended once the ledger is back.
      const anonymous = await call(QF());
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'client.unauthenticated']);
      await f.t.services.exchange.flushDenials();
      anonymousId = anonymous.headers['x-request-id'];
    } finally {
      proxy.restore();
    }
    expect((await f.events()).length).toBe(before);
    let back = await call(QF(), token);
    for (let i = 0; i < 40 && back.status !== 200; i++) back = await new Promise((r) => setTimeout(r, 250)).then(() => call(QF(), token));
    expect(back.status).toBe(200);
    await f.t.services.exchange.flushDenials();
    expect(await aggregateOf(anonymousId!)).toMatchObject({ problemCode: 'client.unauthenticated', detail: { aggregate: { count: 1 } } });
  }, 30_000);

  test('every answer this suite gave to a verified caller has its own event, and the chain verifies', async () => {
    expect(credentialed.length).toBeGreaterThan(30);
    const { rows } = await f.t.db.pool.query<{ id: string }>('SELECT id FROM ledger_events WHERE id = ANY($1::uuid[])', [credentialed]);
    expect(rows.length).toBe(new Set(credentialed).size);
    const { verifyLedger } = await import('../../ledger/index.js');
    expect((await verifyLedger(f.t.db.pool)).ok).toBe(true);
  });
});
