/**
 * The ledger cannot be flooded anonymously: denials without a valid credential (no token, bad
 * token, unknown API, undecodable path, NUL bytes) are recorded aggregated — one event per
 * (source address, code, API of the catalogue, minute) with their count —, the caller's raw slug
 * is never recorded, and an address past EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE gets 429 before any
 * token is verified. Denials of authenticated callers stay one event each, committed before the answer.
 */
import request from 'supertest';
import { startExchangeWorld, qs, TRACE, DUPONT, GIRONDE, type ExchangeWorld } from '../support/exchange-world.js';
import type { ExchangeEvent } from '../../exchange/index.js';

const LIMIT = 500;
const TOTAL = 2000;
const LONG_SLUG = `attaquant-${'x'.repeat(600)}`;
let f: ExchangeWorld;
let validToken: string;

beforeAll(async () => {
  f = await startExchangeWorld({ env: { EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE: String(LIMIT) } });
  validToken = await f.token('c-lyon');
}, 60_000);
afterAll(async () => {
  await f?.stop();
});

const QF = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
const hostile = [
  () => request(f.t.app).get(`/exchange/${LONG_SLUG}-${Math.random().toString(36).slice(2)}/x?recipient=1`),
  () => request(f.t.app).get(QF).set('Authorization', 'Bearer not.a.valid-token'),
  () => request(f.t.app).get(QF),
  () => request(f.t.app).get('/exchange/%E0%A4%A/quotient-familial'),
  () => request(f.t.app).get(`/exchange/inconnue/x?context=a%00b`).set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.'),
];

function aggregateCount(e: ExchangeEvent): number {
  return (e.detail as { aggregate?: { count: number } } | undefined)?.aggregate?.count ?? 1;
}

test('2,000 anonymous bad requests add a few dozen ledger rows whose counts sum to 2,000', async () => {
  // Warm the verified-token cache: a consumer's known token keeps working from a noisy address.
  expect((await request(f.t.app).get(QF).set('Authorization', `Bearer ${validToken}`)).status).toBe(200);
  const before = (await f.events()).length;
  const statuses = new Map<number, number>();
  for (let sent = 0; sent < TOTAL; sent += 50) {
    const batch = await Promise.all(Array.from({ length: 50 }, (_, i) => hostile[(sent + i) % hostile.length]!()));
    for (const res of batch) {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
    }
  }
  // Past the limit: 429 before authentication — a token never verified is not even looked at.
  expect(statuses.get(429)).toBeGreaterThanOrEqual(TOTAL - LIMIT - 50);
  const unverified = await request(f.t.app)
    .get(QF)
    .set('Authorization', `Bearer ${await f.token('c-lyon')}`);
  expect([unverified.status, unverified.body.code]).toEqual([429, 'client.rate_limited']);
  const blocked = await request(f.t.app).get(QF);
  expect([blocked.status, blocked.body.code]).toEqual([429, 'client.rate_limited']);
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  expect((await request(f.t.app).get(QF).set('Authorization', `Bearer ${validToken}`)).status).toBe(200);

  // Nothing of the flood is in the ledger yet (no event each); the aggregates come at the minute's end.
  expect((await f.events()).length).toBe(before + 1);
  await f.flushDenials();
  const events = await f.events();
  const added = events.slice(before).filter((e) => e.type === 'exchange.denied');
  expect(added.length).toBeLessThanOrEqual(30);
  // The flood, the anonymous call blocked after it and the token refused unverified.
  expect(added.reduce((n, e) => n + aggregateCount(e), 0)).toBe(TOTAL + 2);
  for (const e of added) {
    expect(e.detail).toMatchObject({ aggregate: { addressRef: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(e.apiSlug === undefined || e.apiSlug === 'cnaf-quotient-familial').toBe(true);
  }
  const text = JSON.stringify(events);
  expect(text).not.toContain('attaquant');
  expect(text).not.toContain('127.0.0.1');
  expect(new Set(added.map((e) => e.problemCode))).toEqual(
    new Set(['client.unauthenticated', 'client.invalid_token', 'client.invalid_request', 'client.rate_limited']),
  );
}, 180_000);

test('denials of an authenticated caller stay one event each, before the answer', async () => {
  const before = (await f.events()).length;
  for (let i = 0; i < 3; i++) {
    const res = await request(f.t.app)
      .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT, recipient: GIRONDE })}`)
      .set('Authorization', `Bearer ${validToken}`);
    expect(res.body.code).toBe('client.recipient_not_allowed');
    expect(await f.eventOf(res.headers['x-request-id'])).toMatchObject({
      outcome: 'denied',
      clientId: f.contracts['c-lyon']!.client.client_id,
    });
  }
  expect((await f.events()).length).toBe(before + 3);
});
