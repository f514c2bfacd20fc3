/**
 * Explicit composition (docs/architecture.md, "Composition"): composing the app starts no timer,
 * every periodic job is one of background.ts's and stops with it, and every control-plane event
 * of a process (contract transitions, consents, auditors' reads) lands on its one ledger chain.
 */
import { jest } from '@jest/globals';
import request from 'supertest';
import { grantConsent } from '../../consent/index.js';
import type { Principal } from '../../gateway/http/principal.js';
import { backgroundJobs } from '../../gateway/background.js';
import { startTestApp, composeApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, LYON, as, fullForm, seedWorld } from '../contracts/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('composition builds, the background list runs', () => {
  test('composing a second app on the same database starts no periodic timer', async () => {
    const spy = jest.spyOn(globalThis, 'setInterval');
    const second = await composeApp({ ...t.deps });
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    await second.close();
    expect(calls).toBe(0);
  });

  test('background.start() starts one timer per periodic job and stop() clears them; jobs are listed by name', async () => {
    expect(t.background.jobs).toEqual(
      expect.arrayContaining([
        'contracts.housekeeping',
        'consent.expiry',
        'identity.purge',
        'exchange.rate-limit-windows',
        'exchange.anonymous-denials',
        'audit.usage-control',
        'indicators.rollup',
        'indicators.active-dossiers',
        'indicators.producer-reports',
        'indicators.snapshot',
        'notify.data-obtained',
      ]),
    );
    const second = await composeApp({ ...t.deps });
    const bg = backgroundJobs(t.deps, second.services);
    const set = jest.spyOn(globalThis, 'setInterval');
    const clear = jest.spyOn(globalThis, 'clearInterval');
    try {
      bg.start();
      bg.start(); // idempotent
      const started = set.mock.calls.length;
      expect(started).toBeGreaterThanOrEqual(5);
      await bg.stop();
      expect(clear).toHaveBeenCalledTimes(started);
      await bg.stop(); // idempotent
    } finally {
      set.mockRestore();
      clear.mockRestore();
      await second.close();
    }
  });
});

describe('one ledger chain per process', () => {
  test('a contract transition, a consent and an auditor read are appended to the same chain', async () => {
    const created = await request(t.app)
      .post('/v1/contracts')
      .set(as('alice'))
      .send({ apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() })
      .expect(201);
    await request(t.app)
      .post(`/v1/contracts/${created.body.id as string}/submit`)
      .set(as('alice'))
      .expect(200);
    const ref = 'b'.repeat(64);
    await grantConsent(t.services.consent.ctx, {
      subjectRef: ref,
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: 'cnaf-qf',
      purpose: 'Cantine',
      validUntil: new Date(t.clock.now().getTime() + 86_400_000),
      actor: { kind: 'citizen', id: ref },
    });
    await t.services.audit.myActions({ sub: 'auditeur-1', name: 'Auditrice' } as Principal, {});
    const { rows } = await t.db.pool.query<{ chain_id: string; type: string }>('SELECT chain_id, type FROM ledger_events');
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['contract.transition', 'consent.event', 'audit.read']));
    expect(new Set(rows.map((r) => r.chain_id)).size).toBe(1);
  });
});
