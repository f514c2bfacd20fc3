/**
 * The consent step decided by the catalogue's policy of the API (decideExchange through the
 * process's consent checker), on real PostgreSQL: legal basis, consent terms (data elements,
 * frequency, validity), suspension, revocation, expiry, and objections to proactive exchanges.
 */
import {
  changeConsentStatus,
  createConsentChecker,
  createConsentRequest,
  grantConsent,
  objectTo,
  rightsUnderPolicy,
  withdrawObjection,
  type ConsentCheckerHandle,
  type ExchangeQuestion,
} from '../../consent/index.js';
import { CNAF, CNAF_API, GIRONDE, LYON, PIVOT_A, PIVOT_B, SECRET, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
let checker: ConsentCheckerHandle;
let A: string;
let B: string;
const DAY = 86_400_000;
const citizen = (ref: string) => ({ kind: 'citizen' as const, id: ref });

beforeAll(async () => {
  w = await startDomainWorld();
  w.clock.set(new Date('2026-11-10T10:00:00Z'));
  // ttl 0: every decision reads the database (the rules here; the cache has its own test).
  checker = createConsentChecker({ pool: w.db.pool, clock: w.clock, ttlMs: 0 });
  await checker.ready();
  A = w.refOf(PIVOT_A);
  B = w.refOf(PIVOT_B);
});
afterAll(async () => {
  await checker.close();
  await w.stop();
});

function q(over: Partial<ExchangeQuestion> & { subjectRef: string }): ExchangeQuestion {
  return {
    policy: { consentPolicy: 'consent_required', proactive: false },
    apiSlug: CNAF_API,
    producerSiret: CNAF,
    consumerSiret: LYON,
    purpose: 'Tarification cantine',
    dataElements: ['quotient_familial'],
    ...over,
  };
}

test('what the page may offer is what is enforced: consents under consent_required, "Je m’oppose" for a proactive API', () => {
  expect(rightsUnderPolicy({ consentPolicy: 'legal_basis', proactive: false })).toEqual({ consent: false, objection: false });
  expect(rightsUnderPolicy({ consentPolicy: 'legal_basis', proactive: true })).toEqual({ consent: false, objection: true });
  expect(rightsUnderPolicy({ consentPolicy: 'consent_required', proactive: false })).toEqual({ consent: true, objection: false });
  expect(rightsUnderPolicy({ consentPolicy: 'none', proactive: true })).toEqual({ consent: false, objection: false });
});

describe('policy legal_basis: no consent to give or suspend', () => {
  test('served on its legal basis, whatever consent exists or not', async () => {
    const c = await grantConsent(w.ctx, {
      subjectRef: B,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: CNAF_API,
      purpose: 'x',
      validUntil: new Date(w.clock.now().getTime() + DAY),
      actor: citizen(B),
    });
    await changeConsentStatus(w.ctx, { subjectRefs: [B], consentId: c.id, action: 'pause', actor: citizen(B) });
    const d = await checker.decide(q({ subjectRef: B, policy: { consentPolicy: 'legal_basis', proactive: false } }));
    expect(d).toEqual({ allowed: true, basis: 'legal_basis', dataElements: null });
  });

  test('a consent request for an API under a legal basis is refused: client.consent_not_applicable', async () => {
    const body = {
      consumerSiret: LYON,
      subject: { kind: 'person', pivot: PIVOT_A },
      apiSlug: CNAF_API,
      purpose: 'Cantine',
      durationDays: 30,
    };
    await expect(
      createConsentRequest(w.ctx, {
        body,
        actor: { kind: 'agent', id: 'agent-lyon', organisationSiret: LYON },
        subjectSecret: SECRET,
        authorisedSirets: [LYON],
      }),
    ).rejects.toMatchObject({ code: 'client.consent_not_applicable', extensions: { consentPolicy: 'legal_basis' } });
    const { rows } = await w.db.pool.query('SELECT count(*)::int AS n FROM consent_requests');
    expect(rows[0].n).toBe(0);
  });

  test('policy none: nothing to check, not even a subject', async () => {
    expect(await checker.decide(q({ subjectRef: A, policy: { consentPolicy: 'none', proactive: true } }))).toMatchObject({
      allowed: true,
      basis: 'no_consent_needed',
    });
  });
});

describe('policy consent_required: the consent and its terms', () => {
  let consentId: string;
  beforeAll(async () => {
    consentId = (
      await grantConsent(w.ctx, {
        subjectRef: A,
        subjectKind: 'person',
        consumerSiret: LYON,
        apiSlug: CNAF_API,
        dataElements: ['quotient_familial'],
        purpose: 'Tarification cantine',
        validUntil: new Date(w.clock.now().getTime() + 60 * DAY),
        frequency: { max: 2, period: 'month' },
        actor: citizen(A),
      })
    ).id;
  });

  test('no consent at all: client.consent_missing', async () => {
    expect(await checker.decide(q({ subjectRef: A, consumerSiret: GIRONDE }))).toMatchObject({
      allowed: false,
      code: 'client.consent_missing',
    });
  });

  test('data elements outside the consent: client.consent_terms_exceeded; a mixed request releases only the consented ones', async () => {
    expect(await checker.decide(q({ subjectRef: A, dataElements: ['composition_foyer_enfants'] }))).toMatchObject({
      allowed: false,
      code: 'client.consent_terms_exceeded',
    });
    const mixed = await checker.decide(q({ subjectRef: A, dataElements: ['quotient_familial', 'composition_foyer_enfants'] }));
    expect(mixed).toMatchObject({
      allowed: true,
      basis: 'consent',
      dataElements: ['quotient_familial'],
      consent: { consentId, version: 1 },
    });
  });

  test('"2 per month": the third exchange of the month is client.rate_limited until the 1st of next month', async () => {
    // The mixed request above used one; one more is allowed this month.
    expect((await checker.decide(q({ subjectRef: A }))).allowed).toBe(true);
    const third = await checker.decide(q({ subjectRef: A }));
    expect(third).toMatchObject({ allowed: false, code: 'client.rate_limited' });
    expect(third.allowed === false && third.retryAfterSeconds).toBe((Date.parse('2026-12-01T00:00:00Z') - w.clock.now().getTime()) / 1000);
    w.clock.set(new Date('2026-12-01T00:00:01Z'));
    // An exchange that fails at the producer gives its use back: the cap counts data delivered.
    const failed = await checker.decide(q({ subjectRef: A }));
    expect(failed).toMatchObject({ allowed: true, countedUse: { consentId, windowStart: '2026-12-01T00:00:00.000Z' } });
    await checker.refundUse(failed);
    expect((await checker.decide(q({ subjectRef: A }))).allowed).toBe(true);
    const { rows } = await w.db.pool.query('SELECT window_start, used FROM consent_usage WHERE consent_id = $1 ORDER BY window_start', [
      consentId,
    ]);
    expect(rows.map((r) => [r.window_start.toISOString(), r.used])).toEqual([
      ['2026-11-01T00:00:00.000Z', 2],
      ['2026-12-01T00:00:00.000Z', 1],
    ]);
  });

  test('suspended → client.consent_suspended; resumed → allowed; revoked → client.consent_revoked', async () => {
    await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId, action: 'pause', actor: citizen(A) });
    expect(await checker.decide(q({ subjectRef: A }))).toMatchObject({ allowed: false, code: 'client.consent_suspended', consentId });
    // The earlier interface of the exchange port keeps its code for a suspension.
    await expect(
      checker.check({ subjectRef: A, apiSlug: CNAF_API, consumerSiret: LYON, purpose: 'Tarification cantine' }),
    ).rejects.toMatchObject({ code: 'client.consent_revoked' });
    await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId, action: 'resume', actor: citizen(A) });
    expect((await checker.decide(q({ subjectRef: A }))).allowed).toBe(true);
    await changeConsentStatus(w.ctx, { subjectRefs: [A], consentId, action: 'revoke', actor: citizen(A) });
    expect(await checker.decide(q({ subjectRef: A }))).toMatchObject({ allowed: false, code: 'client.consent_revoked' });
  });

  test('past its validity: client.consent_expired; not yet valid: client.consent_missing', async () => {
    const start = w.clock.now();
    await grantConsent(w.ctx, {
      subjectRef: A,
      subjectKind: 'person',
      consumerSiret: GIRONDE,
      apiSlug: CNAF_API,
      purpose: 'RSA',
      validUntil: new Date(start.getTime() + DAY),
      actor: citizen(A),
    });
    await grantConsent(w.ctx, {
      subjectRef: B,
      subjectKind: 'person',
      consumerSiret: GIRONDE,
      apiSlug: CNAF_API,
      purpose: 'RSA',
      validFrom: new Date(start.getTime() + 10 * DAY),
      validUntil: new Date(start.getTime() + 20 * DAY),
      actor: citizen(B),
    });
    expect((await checker.decide(q({ subjectRef: A, consumerSiret: GIRONDE, purpose: 'RSA' }))).allowed).toBe(true);
    expect(await checker.decide(q({ subjectRef: B, consumerSiret: GIRONDE, purpose: 'RSA' }))).toMatchObject({
      allowed: false,
      code: 'client.consent_missing',
    });
    w.clock.set(new Date(start.getTime() + 2 * DAY));
    expect(await checker.decide(q({ subjectRef: A, consumerSiret: GIRONDE, purpose: 'RSA' }))).toMatchObject({
      allowed: false,
      code: 'client.consent_expired',
    });
  });

  test('the citizen present (FranceConnect mode) consents to this one exchange; without a subject: client.consent_missing', async () => {
    expect(await checker.decide(q({ subjectRef: B, consumerSiret: GIRONDE, citizenPresent: true }))).toMatchObject({
      allowed: true,
      basis: 'franceconnect',
    });
    expect(await checker.decide(q({ subjectRef: null as unknown as string }))).toMatchObject({
      allowed: false,
      code: 'client.consent_missing',
    });
  });
});

describe('objections to proactive exchanges (L114-8 II)', () => {
  const proactive = { consentPolicy: 'legal_basis' as const, proactive: true };

  test('an objection to the API denies its proactive exchanges with client.subject_objected — and only proactive ones', async () => {
    const { objection } = await objectTo(w.ctx, { subjectRef: B, target: { kind: 'api', apiSlug: CNAF_API }, actor: citizen(B) });
    const d = await checker.decide(q({ subjectRef: B, policy: proactive }));
    expect(d).toEqual({
      allowed: false,
      code: 'client.subject_objected',
      detail: 'La personne s’est opposée à cet échange.',
      objectionId: objection.id,
    });
    expect(await checker.decide(q({ subjectRef: B, policy: { consentPolicy: 'legal_basis', proactive: false } }))).toMatchObject({
      allowed: true,
    });
    // Another person is not concerned.
    expect(await checker.decide(q({ subjectRef: A, policy: proactive }))).toMatchObject({ allowed: true });
    await withdrawObjection(w.ctx, { subjectRefs: [B], objectionId: objection.id, actor: citizen(B) });
    expect(await checker.decide(q({ subjectRef: B, policy: proactive }))).toMatchObject({ allowed: true, basis: 'legal_basis' });
  });

  test('an objection to a producer or a consumer covers its exchanges; one limited to some data elements only those', async () => {
    const p = (await objectTo(w.ctx, { subjectRef: A, target: { kind: 'producer', producerSiret: CNAF }, actor: citizen(A) })).objection;
    expect(await checker.decide(q({ subjectRef: A, policy: proactive, consumerSiret: GIRONDE }))).toMatchObject({
      code: 'client.subject_objected',
    });
    await withdrawObjection(w.ctx, { subjectRefs: [A], objectionId: p.id, actor: citizen(A) });
    const c = (
      await objectTo(w.ctx, {
        subjectRef: A,
        target: { kind: 'consumer', consumerSiret: GIRONDE },
        dataElements: ['composition_foyer_enfants'],
        actor: citizen(A),
      })
    ).objection;
    expect(await checker.decide(q({ subjectRef: A, policy: proactive, consumerSiret: GIRONDE }))).toMatchObject({ allowed: true });
    expect(
      await checker.decide(
        q({ subjectRef: A, policy: proactive, consumerSiret: GIRONDE, dataElements: ['quotient_familial', 'composition_foyer_enfants'] }),
      ),
    ).toMatchObject({ code: 'client.subject_objected', objectionId: c.id });
    expect(
      await checker.decide(q({ subjectRef: A, policy: proactive, consumerSiret: LYON, dataElements: ['composition_foyer_enfants'] })),
    ).toMatchObject({ allowed: true });
  });

  test('an objection wins over a consent for a proactive exchange (the most protective choice)', async () => {
    await grantConsent(w.ctx, {
      subjectRef: B,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: CNAF_API,
      purpose: 'Tarification cantine',
      validUntil: new Date(w.clock.now().getTime() + DAY),
      actor: citizen(B),
    });
    await objectTo(w.ctx, { subjectRef: B, target: { kind: 'consumer', consumerSiret: LYON }, actor: citizen(B) });
    expect(await checker.decide(q({ subjectRef: B, policy: { consentPolicy: 'consent_required', proactive: true } }))).toMatchObject({
      code: 'client.subject_objected',
    });
    expect(await checker.decide(q({ subjectRef: B }))).toMatchObject({ allowed: true, basis: 'consent' });
  });
});
