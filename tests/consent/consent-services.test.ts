/** The consent runtime appends to the process's ledger writer (one chain per process). */
import pino from 'pino';
import { grantConsent } from '../../consent/index.js';
import { consentRuntime, type ConsentDeps } from '../../gateway/services/citizen/runtime.js';
import { inMemoryLedger } from '../../gateway/exchange-adapters/in-memory.js';
import { manualClock } from '../../schemas/index.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db.drop(); });

const REF = 'a'.repeat(64);
const grant = (deps: ConsentDeps) => grantConsent(consentRuntime(deps).ctx, {
  subjectRef: REF, subjectKind: 'person', consumerSiret: '21690123100011', apiSlug: 'cnaf-quotient-familial', purpose: 'Cantine',
  validUntil: new Date(Date.now() + 86_400_000), actor: { kind: 'citizen', id: REF },
});

test('without deps.ledger, the exchange’s process-wide ledger port receives the consent events', async () => {
  const ledger = inMemoryLedger();
  const deps = { config: testConfig(), pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }), exchangeParts: { ledger } };
  const c = await grant(deps);
  expect(ledger.events).toHaveLength(1);
  expect(ledger.events[0]).toMatchObject({ type: 'consent.event', outcome: 'recorded', subjectRef: REF, detail: { action: 'granted', consentId: c.id, version: 1 } });
  await consentRuntime(deps).close();
});

test('a ledger that refuses aborts the change: no consent without its trace', async () => {
  const ledger = inMemoryLedger();
  ledger.failWith(new Error('ledger down'));
  const deps = { config: testConfig(), pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }), ledger: ledger as never };
  await expect(grant(deps)).rejects.toThrow('ledger down');
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM consents');
  expect(rows[0].n).toBe(1);
  await consentRuntime(deps).close();
});
