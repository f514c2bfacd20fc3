/**
 * Within 5 s in every gateway: two consent checkers on two connection pools (two gateway
 * processes' worth of caches, each with its own LISTEN connection) see a suspension, a
 * revocation and an objection made elsewhere, well before their cache entries could expire;
 * while a checker's listener is down it reads the database on every decision.
 */
import pg from 'pg';
import {
  changeConsentStatus,
  createConsentChecker,
  grantConsent,
  objectTo,
  type ConsentCheckerHandle,
  type ExchangeQuestion,
} from '../../consent/index.js';
import { CNAF, CNAF_API, LYON, PIVOT_A, PIVOT_B, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
const pools: pg.Pool[] = [];
let gateways: ConsentCheckerHandle[];
const citizen = (ref: string) => ({ kind: 'citizen' as const, id: ref });

beforeAll(async () => {
  w = await startDomainWorld({ catalog: false });
  gateways = [1, 2].map(() => {
    const pool = new pg.Pool({ connectionString: w.db.url, max: 4 });
    // As production's pools (gateway/process/db.ts): a connection the server terminates (this suite
    // kills the listener on purpose) is an event to survive, not an unhandled error.
    pool.on('error', () => undefined);
    pools.push(pool);
    // The longest entry life the checker allows: only NOTIFY can make it fresh sooner.
    return createConsentChecker({ pool, clock: w.clock, ttlMs: 5000 });
  });
  await Promise.all(gateways.map((g) => g.ready()));
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(pools.map((p) => p.end()));
  await w.stop();
});

const question = (subjectRef: string, over: Partial<ExchangeQuestion> = {}): ExchangeQuestion => ({
  policy: { consentPolicy: 'consent_required', proactive: false },
  apiSlug: CNAF_API,
  producerSiret: CNAF,
  consumerSiret: LYON,
  purpose: 'Cantine',
  subjectRef,
  dataElements: [],
  ...over,
});

/** Milliseconds until `g` gives `code` for `q` (polling every 5 ms), or Infinity after 5 s. */
async function msUntil(g: ConsentCheckerHandle, q: ExchangeQuestion, code: string, since: number): Promise<number> {
  while (Date.now() - since < 5000) {
    const d = await g.decide(q);
    if (!d.allowed && d.code === code) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 5));
  }
  return Infinity;
}

test('a suspension then a revocation reach both gateways through NOTIFY, long before the 5 s cache life', async () => {
  const A = w.refOf(PIVOT_A);
  const c = await grantConsent(w.ctx, {
    subjectRef: A,
    subjectKind: 'person',
    consumerSiret: LYON,
    apiSlug: CNAF_API,
    purpose: 'Cantine',
    validUntil: new Date(w.clock.now().getTime() + 86_400_000),
    actor: citizen(A),
  });
  await new Promise((r) => setTimeout(r, 200)); // the grant's own NOTIFY has gone by
  const hits = gateways.map((g) => g.stats().hits);
  for (const g of gateways) {
    expect((await g.decide(question(A))).allowed).toBe(true);
    expect((await g.decide(question(A))).allowed).toBe(true);
  }
  expect(gateways.map((g, i) => g.stats().hits - hits[i]!)).toEqual([1, 1]);
  let t0 = Date.now();
  await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId: c.id, action: 'pause', actor: citizen(A) });
  const paused = await Promise.all(gateways.map((g) => msUntil(g, question(A), 'client.consent_suspended', t0)));
  expect(Math.max(...paused)).toBeLessThan(1000);
  t0 = Date.now();
  await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId: c.id, action: 'revoke', actor: citizen(A) });
  const revoked = await Promise.all(gateways.map((g) => msUntil(g, question(A), 'client.consent_revoked', t0)));
  expect(Math.max(...revoked)).toBeLessThan(1000);
  expect(gateways.every((g) => g.stats().invalidations >= 2)).toBe(true);
});

test('an objection reaches both gateways the same way', async () => {
  const B = w.refOf(PIVOT_B);
  const proactive = question(B, { policy: { consentPolicy: 'legal_basis', proactive: true } });
  for (const g of gateways) expect((await g.decide(proactive)).allowed).toBe(true);
  const t0 = Date.now();
  await objectTo(w.ctx, { subjectRef: B, target: { kind: 'api', apiSlug: CNAF_API }, actor: citizen(B) });
  const ms = await Promise.all(gateways.map((g) => msUntil(g, proactive, 'client.subject_objected', t0)));
  expect(Math.max(...ms)).toBeLessThan(1000);
});

test('listener down: the gateway reads the database on every decision (no stale answer), then listens again', async () => {
  const A = 'c'.repeat(64);
  const c = await grantConsent(w.ctx, {
    subjectRef: A,
    subjectKind: 'person',
    consumerSiret: LYON,
    apiSlug: CNAF_API,
    purpose: 'Cantine',
    validUntil: new Date(w.clock.now().getTime() + 86_400_000),
    actor: citizen(A),
  });
  const g = gateways[0]!;
  expect((await g.decide(question(A))).allowed).toBe(true);
  await w.db.pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()`,
  );
  await new Promise((r) => setTimeout(r, 100));
  const before = g.stats().reads;
  await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId: c.id, action: 'pause', actor: citizen(A) });
  expect(await g.decide(question(A))).toMatchObject({ allowed: false, code: 'client.consent_suspended' });
  expect(g.stats().reads).toBe(before + 1);
  await new Promise((r) => setTimeout(r, 1300));
  await g.ready();
  await g.decide(question(A));
  await g.decide(question(A));
  expect(g.stats().hits).toBeGreaterThan(1);
});
