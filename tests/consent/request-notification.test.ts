/**
 * "A consent request awaits me": the consent request queues the person's notification in its
 * own transaction (outbox), only for a person who opted in, and not at all when the request
 * is not filed.
 */
import { createConsentRequest } from '../../consent/index.js';
import { notifyPerson, setNotificationPreferences, listNotificationsByPersonRef } from '../../notify/index.js';
import { updateApi } from '../../catalog/index.js';
import { migrate } from '../../gateway/process/migrate.js';
import { createLedgerWriter } from '../../ledger/index.js';
import { notifyMigrations } from '../notify/world.js';
import { appendTo, CNAF_API, LYON, PIVOT_A, PIVOT_B, SECRET, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
const agent = { kind: 'agent' as const, id: 'agent-lyon', organisationSiret: LYON };
const body = (pivot: typeof PIVOT_A) => ({
  consumerSiret: LYON,
  subject: { kind: 'person', pivot },
  apiSlug: CNAF_API,
  purpose: 'Tarification cantine',
  durationDays: 90,
});

beforeAll(async () => {
  w = await startDomainWorld();
  await migrate(w.db.pool, notifyMigrations());
  await updateApi(w.db.pool, CNAF_API, { consentPolicy: 'consent_required' });
  w.ctx.notifyPerson = (db, n) => notifyPerson(db, n);
  await setNotificationPreferences({ pool: w.db.pool, clock: w.clock }, w.refOf(PIVOT_A), {
    email: 'claire@exemple.fr',
    kinds: { consent_request: true },
  });
});
afterAll(async () => {
  await w.stop();
});

test('a person who opted in is notified of the request; one who did not is not', async () => {
  const r = await createConsentRequest(w.ctx, { body: body(PIVOT_A), actor: agent, subjectSecret: SECRET, authorisedSirets: [LYON] });
  expect((await listNotificationsByPersonRef(w.db.pool, w.refOf(PIVOT_A))).map((n) => [n.kind, n.notification_key, n.status])).toEqual([
    ['consent_request', `consent_request:${r.id}`, 'pending'],
  ]);
  await createConsentRequest(w.ctx, { body: body(PIVOT_B), actor: agent, subjectSecret: SECRET, authorisedSirets: [LYON] });
  expect(await listNotificationsByPersonRef(w.db.pool, w.refOf(PIVOT_B))).toEqual([]);
});

test('no request, no notification: a request whose ledger event fails leaves nothing queued', async () => {
  const closed = createLedgerWriter({ pool: w.db.pool, clock: w.clock, chainId: 'closed-writer' });
  await closed.close();
  const ctx = { ...w.ctx, recordConsentEvent: appendTo(closed) };
  await expect(
    createConsentRequest(ctx, { body: body(PIVOT_A), actor: agent, subjectSecret: SECRET, authorisedSirets: [LYON] }),
  ).rejects.toBeDefined();
  expect(await listNotificationsByPersonRef(w.db.pool, w.refOf(PIVOT_A))).toHaveLength(1);
  expect((await w.db.pool.query('SELECT count(*)::int AS n FROM consent_requests')).rows[0].n).toBe(2);
});
