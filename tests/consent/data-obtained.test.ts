/**
 * « Une nouvelle administration a obtenu des données sur moi » (CRPA L114-8 I): the exchange's
 * ledger port of a composed process queues the notification after the event's commit, for a
 * person who opted in, once per consumer (the outbox key), never for a refusal nor for a
 * person who did not opt in; a failing ledger queues nothing.
 */
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { listNotificationsByPersonRef, setNotificationPreferences } from '../../notify/index.js';
import { createLedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { notifyingDataObtained } from '../../gateway/services/citizen/data-obtained.js';
import type { ExchangeEvent } from '../../exchange/ports.js';
import { manualClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

let db: TestDatabase;
const clock = manualClock(new Date('2026-11-29T10:00:00Z'));
const ME = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const event = (over: Partial<ExchangeEvent>): ExchangeEvent => ({
  id: randomUUID(),
  type: 'exchange.served',
  occurredAt: clock.now(),
  outcome: 'served',
  status: 200,
  latencyMs: 1,
  subjectRef: ME,
  subjectKind: 'person',
  consumerSiret: '21690123100011',
  apiSlug: 'cnaf-quotient-familial',
  ...over,
});

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 100));
}

test('queued after the commit, once per consumer, for a person who opted in only', async () => {
  await setNotificationPreferences({ pool: db.pool, clock }, ME, { email: 'claire@exemple.fr', kinds: { data_obtained: true } });
  const writer = createLedgerWriter({ pool: db.pool, clock, chainId: `data-obtained-${process.pid}` });
  let down = false;
  const ledger = {
    append: async (e: ExchangeEvent) => {
      if (down) throw new Error('ledger down');
      return ledgerWriterPort(writer).append(e);
    },
  };
  const port = notifyingDataObtained(ledger, { pool: db.pool, clock, logger: pino({ level: 'silent' }) });
  await port.append(event({}));
  await port.append(event({}));
  await port.append(
    event({
      type: 'exchange.denied',
      outcome: 'denied',
      status: 403,
      consumerSiret: '22330001300016',
      problemCode: 'client.subject_objected',
    }),
  );
  await port.append(event({ subjectRef: OTHER }));
  await settle();
  expect((await listNotificationsByPersonRef(db.pool, ME)).map((n) => [n.kind, n.notification_key])).toEqual([
    ['data_obtained', `data_obtained:${ME}:21690123100011`],
  ]);
  expect(await listNotificationsByPersonRef(db.pool, OTHER)).toEqual([]);
  await port.append(event({ consumerSiret: '22330001300016' }));
  await settle();
  expect(await listNotificationsByPersonRef(db.pool, ME)).toHaveLength(2);
  down = true;
  await expect(port.append(event({ consumerSiret: '13000400500018' }))).rejects.toThrow('ledger down');
  await settle();
  expect(await listNotificationsByPersonRef(db.pool, ME)).toHaveLength(2);
  await writer.close();
});
