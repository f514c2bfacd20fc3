/** The consent services append to the process's one ledger writer, and a refusing ledger aborts the change. */
import pino from 'pino';
import { grantConsent } from '../../consent/index.js';
import { createConsentServices } from '../../gateway/services/citizen/consent-context.js';
import pg from 'pg';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { manualClock } from '../../schemas/index.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const REF = 'a'.repeat(64);
const services = (ledger: LedgerWriter) =>
  createConsentServices(
    { config: testConfig(), pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }) },
    { ledger, citizenParty: null },
  );
const grant = (s: ReturnType<typeof services>) =>
  grantConsent(s.ctx, {
    subjectRef: REF,
    subjectKind: 'person',
    consumerSiret: '21690123100011',
    apiSlug: 'cnaf-quotient-familial',
    purpose: 'Cantine',
    validUntil: new Date(Date.now() + 86_400_000),
    actor: { kind: 'citizen', id: REF },
  });

test('the consent events go to the ledger writer the process gives', async () => {
  const ledger = createLedgerWriter({ pool: db.pool, clock: manualClock(), chainId: 'consent-services' });
  const s = services(ledger);
  const c = await grant(s);
  const { rows } = await db.pool.query("SELECT type, outcome, subject_ref, detail FROM ledger_events WHERE chain_id = 'consent-services'");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    type: 'consent.event',
    outcome: 'recorded',
    subject_ref: REF,
    detail: { action: 'granted', consentId: c.id, version: 1 },
  });
  await s.close();
  await ledger.close();
});

test('a ledger that refuses aborts the change: no consent without its trace', async () => {
  // A writer whose database is unreachable (nothing listens on port 1): every append rejects.
  const gone = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
  gone.on('error', () => undefined);
  const ledger = createLedgerWriter({ pool: gone, clock: manualClock(), chainId: 'consent-services-down', commitTimeoutMs: 1000 });
  const s = services(ledger);
  await expect(grant(s)).rejects.toBeInstanceOf(Error);
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM consents');
  expect(rows[0].n).toBe(1);
  await s.close();
  await ledger.close().catch(() => undefined);
  await gone.end();
});
