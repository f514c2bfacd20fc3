/** The consent services append to the process's one ledger writer, and a refusing ledger aborts the change. */
import pino from 'pino';
import { grantConsent } from '../../consent/index.js';
import { createConsentServices } from '../../gateway/services/citizen/consent-context.js';
import { inMemoryLedger } from '../../gateway/exchange-adapters/in-memory.js';
import { manualClock } from '../../schemas/index.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db.drop(); });

const REF = 'a'.repeat(64);
const services = (ledger: ReturnType<typeof inMemoryLedger>) => createConsentServices(
  { config: testConfig(), pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }) },
  { ledger: ledger as never, citizenParty: null },
);
const grant = (s: ReturnType<typeof services>) => grantConsent(s.ctx, {
  subjectRef: REF, subjectKind: 'person', consumerSiret: '21690123100011', apiSlug: 'cnaf-quotient-familial', purpose: 'Cantine',
  validUntil: new Date(Date.now() + 86_400_000), actor: { kind: 'citizen', id: REF },
});

test('the consent events go to the ledger writer the process gives', async () => {
  const ledger = inMemoryLedger();
  const s = services(ledger);
  const c = await grant(s);
  expect(ledger.events).toHaveLength(1);
  expect(ledger.events[0]).toMatchObject({ type: 'consent.event', outcome: 'recorded', subjectRef: REF, detail: { action: 'granted', consentId: c.id, version: 1 } });
  await s.close();
});

test('a ledger that refuses aborts the change: no consent without its trace', async () => {
  const ledger = inMemoryLedger();
  ledger.failWith(new Error('ledger down'));
  const s = services(ledger);
  await expect(grant(s)).rejects.toThrow('ledger down');
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM consents');
  expect(rows[0].n).toBe(1);
  await s.close();
});
