import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, verifyLedger } from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const clock = manualClock('2026-11-23T09:00:00Z');
  const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-range', clock });
  for (let i = 0; i < 40; i++) {
    await w.append(servedEvent(i));
    clock.advance(60_000); // one event recorded per minute
  }
  await w.close();
});
afterAll(async () => {
  await db.drop();
});

describe('ledger verifier: streaming, progress and time ranges', () => {
  test('pages are streamed with progress up to the total', async () => {
    const seen: [number, number][] = [];
    const r = await verifyLedger(db.pool, { pageSize: 7, onProgress: (done, total) => seen.push([done, total]) });
    expect(r).toMatchObject({ ok: true, events: 40 });
    expect(seen[0]).toEqual([0, 40]);
    expect(seen.at(-1)).toEqual([40, 40]);
    expect(seen.length).toBeGreaterThan(5);
  });

  test('from/to verify only the events recorded in the period', async () => {
    const r = await verifyLedger(db.pool, { from: new Date('2026-11-23T09:10:00Z'), to: new Date('2026-11-23T09:19:00Z') });
    expect(r).toMatchObject({ ok: true, events: 10 });
    expect(r.chains[0]).toMatchObject({ fromSeq: 11, toSeq: 20 });
  });
});
