import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, listExchanges, recentOutcomesByProducer, countEvents, findEventById } from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
const LYON = '21690123100011';
const GIRONDE = '22330001300016';
const CNAF = '18000100000017';
const DGFIP = '11000200300017';
const SUBJECT = 'f'.repeat(64);

beforeAll(async () => {
  db = await createTestDatabase();
  const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-q', clock: manualClock() });
  for (let i = 0; i < 30; i++) {
    await w.append(
      servedEvent(i * 1000, {
        consumerSiret: i % 3 === 0 ? GIRONDE : LYON,
        producerSiret: i % 2 === 0 ? CNAF : DGFIP,
        subjectRef: i % 5 === 0 ? SUBJECT : undefined,
        ...(i % 4 === 0 ? { type: 'exchange.denied', outcome: 'denied', problemCode: 'client.scope_not_granted', status: 403 } : {}),
      }),
    );
  }
  await w.close();
});
afterAll(async () => {
  await db.drop();
});

async function all(party: Parameters<typeof listExchanges>[1], limit: number) {
  const seen = [];
  let cursor: string | null = null;
  do {
    const page = await listExchanges(db.pool, party, { cursor, limit });
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('trail queries: each party sees only its rows, newest first, by cursor', () => {
  test('a consumer sees its own exchanges only, across pages, newest first, no duplicates', async () => {
    const rows = await all({ consumerSiret: LYON }, 7);
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.consumer_siret === LYON)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(20);
    const times = rows.map((r) => r.occurred_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('a producer sees the exchanges on its APIs only', async () => {
    const rows = await all({ producerSiret: DGFIP }, 4);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.producer_siret === DGFIP)).toBe(true);
  });

  test('a subject sees the exchanges about them only; types can be filtered', async () => {
    expect(await all({ subjectRefs: [SUBJECT] }, 2)).toHaveLength(6);
    expect((await listExchanges(db.pool, { subjectRefs: [] })).items).toEqual([]);
    const denied = await listExchanges(db.pool, { consumerSiret: LYON }, { types: ['exchange.denied'] });
    expect(denied.items.every((r) => r.type === 'exchange.denied')).toBe(true);
  });

  test('a malformed cursor is client.invalid_parameter', async () => {
    await expect(listExchanges(db.pool, { consumerSiret: LYON }, { cursor: 'garbage' })).rejects.toMatchObject({
      code: 'client.invalid_parameter',
    });
  });

  test('producer health and audit counts', async () => {
    const outcomes = await recentOutcomesByProducer(db.pool, CNAF, new Date('2026-01-01'));
    expect(outcomes).toHaveLength(15);
    expect(outcomes[0]).toMatchObject({ apiSlug: 'cnaf-quotient-familial' });
    const counts = await countEvents(db.pool, { since: new Date('2026-01-01'), until: new Date('2027-01-01') }, { consumerSiret: LYON });
    expect(counts.reduce((n, c) => n + c.n, 0)).toBe(20);
    expect(await findEventById(db.pool, 'not-a-uuid')).toBeNull();
  });

  test('the party queries use their indexes', async () => {
    await db.pool.query('SET enable_seqscan = off');
    const { rows } = await db.pool.query(
      `EXPLAIN SELECT id FROM ledger_events e WHERE e.subject_ref = ANY($1::text[]) ORDER BY occurred_at DESC, id DESC LIMIT 50`,
      [[SUBJECT]],
    );
    expect(JSON.stringify(rows)).toMatch(/ledger_events_subject_idx/);
  });
});
