import { createHash } from 'node:crypto';
import request from 'supertest';
import { startExchangeFixture, contract, qs, DUPONT, TRACE, LYON, GIRONDE, DGFIP, type ExchangeFixture } from './fixture.js';

let f: ExchangeFixture;
beforeAll(async () => {
  f = await startExchangeFixture({
    env: { UPSTREAM_TIMEOUT_MS: '300', CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_OPEN_MS: '5000' },
    contracts: [
      contract('c-lyon'),
      contract('c-gironde', { consumerSiret: GIRONDE, recipients: ['21690123100011'] }),
      contract('c-limited', { rateLimitPerMinute: 3 }),
      contract('c-ip', { ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'] }),
      contract('c-suspended', { status: 'suspended' }),
      contract('c-bourse', { apiSlug: 'cnous-bourse', endpoints: ['getBourse'] }),
      contract('c-old', { apiSlug: 'old-api', endpoints: ['getOld'] }),
      contract('c-legacy', { apiSlug: 'legacy-api', endpoints: ['getLegacy'] }),
      contract('c-flaky', { apiSlug: 'flaky-api', endpoints: ['getFlaky'] }),
    ],
  });
});
afterAll(async () => { await f.stop(); });
beforeEach(() => { f.upstream.mode = 'ok'; });

const QF = (params: Record<string, string | string[]> = {}, api = 'cnaf-quotient-familial') => `/exchange/${api}/quotient-familial?${qs({ ...TRACE, ...DUPONT, ...params })}`;

async function call(path: string, token?: string) {
  const req = request(f.t.app).get(path);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
}

/** The event recorded for a response (its X-Request-ID). */
function eventOf(res: request.Response) {
  const id = res.headers['x-request-id'];
  const ev = f.ledger.events.find((e) => e.id === id);
  if (!ev) throw new Error(`no ledger event for ${id}`);
  return ev;
}

/**
 * A denial without a valid credential: the same answer, recorded in its per-minute aggregate
 * (one event per address, code and minute) rather than one event each.
 */
async function expectAggregatedDenial(res: request.Response, status: number, code: string) {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
  expect(f.ledger.events.find((e) => e.id === res.headers['x-request-id'])).toBeUndefined();
  await f.t.services.exchange.flushDenials();
  const ev = f.ledger.events.find((e) => (e.detail as { aggregate?: { lastExchangeId?: string } } | undefined)?.aggregate?.lastExchangeId === res.headers['x-request-id']);
  if (!ev) throw new Error(`no aggregated ledger event for ${res.headers['x-request-id']}`);
  expect(ev).toMatchObject({ outcome: 'denied', problemCode: code, status, type: 'exchange.denied', detail: { aggregate: { count: 1 } } });
  return ev;
}

/** Asserts status + problem code, the problem's instance, and the matching ledger event. */
function expectProblem(res: request.Response, status: number, code: string, outcome: 'denied' | 'failed') {
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
  expect(res.body.data).toBeUndefined();
  const ev = eventOf(res);
  expect(ev).toMatchObject({ outcome, problemCode: code, status, type: `exchange.${outcome}` });
  return ev;
}

describe('an authorised exchange is served minimised, after its event is recorded', () => {
  test('200 with granted fields only, meta, X-Request-ID = exchange id = event id', async () => {
    const res = await call(QF(), await f.token('c-lyon'));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });
    expect(res.body.meta).toEqual({ exchangeId: res.headers['x-request-id'], api: 'cnaf-quotient-familial', endpoint: 'getQuotientFamilial', scopes: ['quotient_familial'] });
    expect(res.headers['ratelimit-limit']).toBe('1000');
    const ev = eventOf(res);
    expect(ev).toMatchObject({
      type: 'exchange.served', outcome: 'served', status: 200, consumerSiret: LYON, clientId: 'client-c-lyon', contractId: 'c-lyon', contractVersion: 1,
      producerSiret: '18000100000017', apiSlug: 'cnaf-quotient-familial', endpoint: 'getQuotientFamilial', subjectKind: 'person',
      recipient: LYON, context: TRACE.context, object: TRACE.object, legalBasis: { nature: 'Article L. 312-1 CRPA', url: null },
      fields: ['/quotient_familial/valeur', '/quotient_familial/annee'],
    });
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

  test('a verified token is cached: the signature is checked once per token', async () => {
    const token = await f.token('c-lyon');
    const before = f.verifyCalls.n;
    await call(QF(), token);
    await call(QF(), token);
    expect(f.verifyCalls.n - before).toBe(1);
  });

  test('the same person with other accents, case and spacing has the same subject_ref', async () => {
    const token = await f.token('c-lyon');
    const a = await call(QF(), token);
    const b = await call(QF({ nomNaissance: '  DUPONT ', 'prenoms[]': ['elodie', 'MARIE'], moisDateNaissance: '04' }), token);
    const c = await call(QF({ nomNaissance: 'Dupond' }), token);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(eventOf(b).subjectRef).toBe(eventOf(a).subjectRef);
    expect(eventOf(c).subjectRef).not.toBe(eventOf(a).subjectRef);
  });

  test('a deprecated API answers with Deprecation, Sunset and a notice in meta', async () => {
    const res = await call(QF({}, 'legacy-api'), await f.token('c-legacy'));
    expect(res.status).toBe(200);
    expect(res.headers.deprecation).toBe('true');
    expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(res.body.meta.deprecation).toEqual({ notice: 'Utilisez la v2.', sunset: '2027-06-30T00:00:00Z' });
  });
});

describe('authenticate: no valid token, no data', () => {
  test('no token -> 401 client.unauthenticated, recorded without a consumer', async () => {
    const res = await call(QF());
    const ev = await expectAggregatedDenial(res, 401, 'client.unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(ev.consumerSiret).toBeUndefined();
    expect(ev.apiSlug).toBe('cnaf-quotient-familial');
    expect(f.upstream.requests.length).toBeGreaterThanOrEqual(0);
  });

  test('forged token -> 401 client.invalid_token', async () => {
    const res = await call(QF(), 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    await expectAggregatedDenial(res, 401, 'client.invalid_token');
  });

  test('token of another issuer key -> 401 client.invalid_token', async () => {
    const { createLocalTokenIssuer } = await import('../../gateway/exchange-adapters/in-memory.js');
    const other = await createLocalTokenIssuer({ issuer: 'http://localhost:3000', clock: f.clock });
    const token = await other.issue({ client_id: 'client-c-lyon', contract_id: 'c-lyon', contract_version: 1, consumer_siret: LYON, scope: 'quotient_familial' });
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.invalid_token');
  });

  test('wrong audience -> 401 client.invalid_token', async () => {
    const token = await f.issuer.issue({ client_id: 'client-c-lyon', contract_id: 'c-lyon', contract_version: 1, consumer_siret: LYON, scope: 'quotient_familial' }, { audience: 'http://elsewhere' });
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.invalid_token');
  });

  test('expired token -> 401 client.token_expired, also once cached', async () => {
    const token = await f.token('c-lyon', { expiresInSec: 60 });
    expect((await call(QF(), token)).status).toBe(200);
    f.clock.advance(61_000);
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.token_expired');
    const fresh = await f.token('c-lyon', { expiresInSec: 1 });
    f.clock.advance(2_000);
    await expectAggregatedDenial(await call(QF(), fresh), 401, 'client.token_expired');
  });

  test('revoked token -> 401 client.invalid_token, even when cached', async () => {
    const token = await f.token('c-lyon');
    expect((await call(QF(), token)).status).toBe(200);
    const { decodeJwt } = await import('jose');
    f.issuer.revoke(decodeJwt(token).jti!);
    await expectAggregatedDenial(await call(QF(), token), 401, 'client.invalid_token');
  });
});

describe('authorise: the contract decides', () => {
  test('other contract\'s endpoint -> 403 client.endpoint_not_granted', async () => {
    const res = await call(QF({}, 'dgfip-revenu'), await f.token('c-lyon'));
    const ev = expectProblem(res, 403, 'client.endpoint_not_granted', 'denied');
    expect(ev).toMatchObject({ consumerSiret: LYON, contractId: 'c-lyon', producerSiret: DGFIP });
  });

  test('scope not granted by the contract -> 403 client.scope_not_granted', async () => {
    const res = await call(QF(), await f.token('c-lyon', { scope: 'quotient_familial allocataires' }));
    expectProblem(res, 403, 'client.scope_not_granted', 'denied');
  });

  test('token with no scope of this API -> 403 client.scope_not_granted', async () => {
    expectProblem(await call(QF(), await f.token('c-lyon', { scope: '' })), 403, 'client.scope_not_granted', 'denied');
  });

  test('suspended contract -> 403 client.contract_inactive', async () => {
    expectProblem(await call(QF(), await f.token('c-suspended')), 403, 'client.contract_inactive', 'denied');
  });

  test('token of an older contract version -> 403 client.contract_inactive', async () => {
    const token = await f.token('c-lyon');
    f.contracts.put(contract('c-lyon', { version: 2 }));
    try {
      expectProblem(await call(QF(), token), 403, 'client.contract_inactive', 'denied');
    } finally {
      f.contracts.put(contract('c-lyon'));
    }
  });

  test('unknown contract -> 403 client.contract_inactive (fail closed)', async () => {
    const token = await f.issuer.issue({ client_id: 'x', contract_id: 'nope', contract_version: 1, consumer_siret: LYON, scope: 'quotient_familial' });
    expectProblem(await call(QF(), token), 403, 'client.contract_inactive', 'denied');
  });

  test('caller outside the contract\'s IP allowlist -> 403 client.ip_not_allowed', async () => {
    expectProblem(await call(QF(), await f.token('c-ip')), 403, 'client.ip_not_allowed', 'denied');
  });

  test('unknown endpoint -> 404 client.not_found; retired API -> 410 client.api_retired', async () => {
    expectProblem(await call(`/exchange/cnaf-quotient-familial/nope?${qs(TRACE)}`, await f.token('c-lyon')), 404, 'client.not_found', 'denied');
    expectProblem(await call(QF({}, 'old-api'), await f.token('c-old')), 410, 'client.api_retired', 'denied');
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
    expectProblem(res, 429, 'client.rate_limited', 'denied');
    expect(res.headers['ratelimit-limit']).toBe('3');
    expect(res.headers['ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBe(Number(res.headers['ratelimit-reset']));
    f.clock.advance(Number(res.headers['retry-after']) * 1000);
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
    expectProblem(res, 400, 'client.missing_traceability', 'denied');
    expect(res.body.errors.length).toBeGreaterThan(0);
  });

  test('no traceability at all lists the three parameters', async () => {
    const res = await call(`/exchange/cnaf-quotient-familial/quotient-familial?${qs(DUPONT)}`, await f.token('c-lyon'));
    expectProblem(res, 400, 'client.missing_traceability', 'denied');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/recipient', '/context', '/object']);
  });

  test('recipient not bound to the contract -> 403 client.recipient_not_allowed', async () => {
    const res = await call(QF({ recipient: DGFIP }), await f.token('c-lyon'));
    const ev = expectProblem(res, 403, 'client.recipient_not_allowed', 'denied');
    expect(ev.recipient).toBe(DGFIP);
  });

  test('a recipient declared by the contract is accepted', async () => {
    const res = await call(QF({ recipient: LYON }), await f.token('c-gironde'));
    expect(res.status).toBe(200);
    expect(eventOf(res)).toMatchObject({ consumerSiret: GIRONDE, recipient: LYON });
  });
});

describe('request validation against the endpoint (ajv)', () => {
  test('invalid parameter value -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ annee: 'abc' }), await f.token('c-lyon'));
    expectProblem(res, 400, 'client.invalid_parameter', 'denied');
    expect(res.body.errors[0].pointer).toBe('/annee');
  });

  test('unknown parameter -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ debug: '1' }), await f.token('c-lyon'));
    expectProblem(res, 400, 'client.invalid_parameter', 'denied');
    expect(res.body.errors).toContainEqual({ pointer: '/debug', detail: 'paramètre inconnu' });
  });

  test('incomplete identity -> 400 client.invalid_parameter', async () => {
    const res = await call(QF({ jourDateNaissance: '31', moisDateNaissance: '2' }), await f.token('c-lyon'));
    expectProblem(res, 400, 'client.invalid_parameter', 'denied');
  });

  test('duplicated parameter -> 400 client.duplicate_parameter', async () => {
    const token = await f.token('c-lyon');
    expectProblem(await call(`${QF()}&context=autre`, token), 400, 'client.duplicate_parameter', 'denied');
    expectProblem(await call(`${QF()}&nomNaissance=Martin`, token), 400, 'client.duplicate_parameter', 'denied');
  });

  test('consent_required API without the consent module -> 403 client.consent_missing', async () => {
    expectProblem(await call(QF({}, 'cnous-bourse'), await f.token('c-bourse')), 403, 'client.consent_missing', 'denied');
  });
});

describe('POST exchanges: the body is validated against the endpoint', () => {
  const post = async (body: string, token: string) => request(f.t.app).post(`/exchange/cnaf-quotient-familial/recherche?${qs({ ...TRACE, ...DUPONT })}`)
    .set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);

  test('a conforming body is forwarded and the answer minimised', async () => {
    const res = await post('{"dossier":"2026-0042"}', await f.token('c-lyon'));
    expect(res.status).toBe(200);
    expect(res.body.meta.endpoint).toBe('postRecherche');
    expect(res.body.data).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });
  });

  test('a body off its schema -> 422 client.validation_failed', async () => {
    const res = await post('{"dossier":"2026-0042","extra":1}', await f.token('c-lyon'));
    expectProblem(res, 422, 'client.validation_failed', 'denied');
    expect(res.body.errors).toContainEqual({ pointer: '/extra', detail: 'champ inconnu' });
  });

  test('malformed JSON -> 400 client.malformed_json, recorded', async () => {
    expectProblem(await post('{"dossier": ', await f.token('c-lyon')), 400, 'client.malformed_json', 'denied');
  });
});

describe('producer failures are the provider\'s, never forwarded verbatim', () => {
  test('producer timeout -> 504 provider.timeout', async () => {
    f.upstream.mode = 'slow';
    const res = await call(QF(), await f.token('c-lyon'));
    const ev = expectProblem(res, 504, 'provider.timeout', 'failed');
    expect(ev.subjectRef).toMatch(/^[0-9a-f]{64}$/);
  });

  test('producer 500 -> 502 provider.unavailable, its body not passed on', async () => {
    f.upstream.mode = 'error500';
    const res = await call(QF(), await f.token('c-lyon'));
    expectProblem(res, 502, 'provider.unavailable', 'failed');
    expect(res.text).not.toMatch(/stack trace/);
  });

  test('producer body against its schema -> 502 provider.invalid_response, nothing passed on', async () => {
    f.upstream.mode = 'invalid';
    const res = await call(QF(), await f.token('c-lyon'));
    expectProblem(res, 502, 'provider.invalid_response', 'failed');
    expect(res.text).not.toMatch(/beaucoup/);
  });

  test('producer body not JSON -> 502 provider.invalid_response', async () => {
    f.upstream.mode = 'notjson';
    expectProblem(await call(QF(), await f.token('c-lyon')), 502, 'provider.invalid_response', 'failed');
  });

  test('repeated failures open the circuit -> 503 provider.circuit_open without calling the producer; a trial closes it', async () => {
    const token = await f.token('c-flaky');
    f.upstream.mode = 'error500';
    for (let i = 0; i < 3; i++) expectProblem(await call(QF({}, 'flaky-api'), token), 502, 'provider.unavailable', 'failed');
    const hits = f.upstream.requests.length;
    const res = await call(QF({}, 'flaky-api'), token);
    expectProblem(res, 503, 'provider.circuit_open', 'failed');
    expect(Number(res.headers['retry-after'])).toBe(5);
    expect(f.upstream.requests.length).toBe(hits);
    // Another producer is unaffected.
    f.upstream.mode = 'ok';
    expect((await call(QF(), await f.token('c-lyon'))).status).toBe(200);
    f.clock.advance(5_000);
    expect((await call(QF({}, 'flaky-api'), token)).status).toBe(200);
    expect((await call(QF({}, 'flaky-api'), token)).status).toBe(200);
  });
});

describe('no data without a trace (DESIGN.md invariant 1)', () => {
  test('ledger down -> 503 gateway.ledger_unavailable with Retry-After, no producer data released', async () => {
    let anonymousId: string | undefined;
    f.ledger.failWith(new Error('connection terminated'));
    try {
      const before = f.ledger.events.length;
      const res = await call(QF(), await f.token('c-lyon'));
      expect([res.status, res.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.text).not.toMatch(/1234|quotient_familial/);
      expect(f.ledger.events.length).toBe(before);
      // A denial of an authenticated caller cannot be traced either: same answer.
      const denied = await call(QF({ recipient: GIRONDE }), await f.token('c-lyon'));
      expect([denied.status, denied.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
      // A denial without credential releases nothing: answered, its aggregate appended once the ledger is back.
      const anonymous = await call(QF());
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'client.unauthenticated']);
      await f.t.services.exchange.flushDenials();
      expect(f.ledger.events.length).toBe(before);
      anonymousId = anonymous.headers['x-request-id'];
    } finally {
      f.ledger.failWith(null);
    }
    expect((await call(QF(), await f.token('c-lyon'))).status).toBe(200);
    await f.t.services.exchange.flushDenials();
    const lastId = (e: (typeof f.ledger.events)[number]) => (e.detail as { aggregate?: { lastExchangeId?: string } } | undefined)?.aggregate?.lastExchangeId;
    expect(f.ledger.events.find((e) => lastId(e) === anonymousId)).toMatchObject({ problemCode: 'client.unauthenticated', detail: { aggregate: { count: 1 } } });
  });

  test('every response of this suite has its event', () => {
    const ids = new Set(f.ledger.events.map((e) => e.id));
    expect(ids.size).toBe(f.ledger.events.length);
  });
});
