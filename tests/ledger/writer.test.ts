import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock, ProblemError } from '../../schemas/index.js';
import { createLedgerWriter, verifyLedger, findEventById, GENESIS_HASH } from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Counts the writer's INSERT statements by wrapping the pool's query. */
function countInserts(pool: TestDatabase['pool']): { n: () => number } {
  let n = 0;
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('INSERT INTO ledger_events')) n += 1;
    return query(...args);
  };
  return { n: () => n };
}

describe('ledger writer: append, chain, group commit', () => {
  test('an appended event is committed, chained and verifies', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'test-a', clock: manualClock() });
    const first = await w.append(servedEvent(1));
    const second = await w.append(
      servedEvent(2, {
        type: 'exchange.denied',
        outcome: 'denied',
        problemCode: 'client.scope_not_granted',
        status: 403,
        fields: undefined,
        bodySha256: undefined,
      }),
    );
    expect(first).toMatchObject({ chain_id: 'test-a', seq: 1, prev_hash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash, problem_code: 'client.scope_not_granted', fields: null });
    expect(await findEventById(db.pool, first.id)).toEqual(first);
    await w.close();
    const report = await verifyLedger(db.pool);
    expect(report).toMatchObject({ ok: true, firstBreak: null });
    expect(report.chains.find((c) => c.chainId === 'test-a')).toMatchObject({ events: 2, head: second.hash });
  });

  test('N concurrent appends are written by fewer INSERT statements, each resolving after its commit', async () => {
    const counter = countInserts(db.pool);
    const w = createLedgerWriter({ pool: db.pool, chainId: 'test-batch', clock: manualClock(), maxBatch: 100 });
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => w.append(servedEvent(i))));
    expect(counter.n()).toBeLessThan(300);
    expect(w.stats().largestBatch).toBeGreaterThan(1);
    // Every resolved append is visible from another connection: it was committed.
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM ledger_events WHERE id = ANY($1::uuid[])', [
      results.map((r) => r.id),
    ]);
    expect(rows[0].n).toBe(300);
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await w.close();
  });

  test('each append resolves only once its own event is visible to another connection (committed)', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'test-visible', clock: manualClock(), maxBatch: 8 });
    const other = await db.pool.connect();
    try {
      const checks = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          w.append(servedEvent(i)).then(async (e) => {
            const { rowCount } = await other.query('SELECT 1 FROM ledger_events WHERE id = $1', [e.id]);
            return rowCount;
          }),
        ),
      );
      expect(checks).toEqual(Array(40).fill(1));
    } finally {
      other.release();
      await w.close();
    }
  });

  test('a full queue refuses with 503 gateway.ledger_unavailable and Retry-After, never dropping a queued event', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'test-full', clock: manualClock(), maxQueue: 5, maxBatch: 5 });
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => w.append(servedEvent(i))));
    const refused = settled.filter((s) => s.status === 'rejected');
    const accepted = settled.filter((s) => s.status === 'fulfilled');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      const err = (r as PromiseRejectedResult).reason as ProblemError;
      expect(err).toBeInstanceOf(ProblemError);
      expect(err.code).toBe('gateway.ledger_unavailable');
      expect(err.headers).toEqual({ 'Retry-After': '1' });
    }
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ledger_events WHERE chain_id = 'test-full'`);
    expect(rows[0].n).toBe(accepted.length);
    await w.close();
  });

  test('bad input is refused alone (TypeError) and never fails its batch', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'test-bad', clock: manualClock() });
    const dup = servedEvent(1);
    const results = await Promise.allSettled([
      w.append(servedEvent(0)),
      w.append(servedEvent(2, { context: 'nul \u0000 byte' })),
      w.append(servedEvent(3, { object: 'lone \uD800 surrogate' })),
      w.append(dup),
      w.append(dup),
      w.append(servedEvent(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    await w.close();
    expect((await verifyLedger(db.pool)).ok).toBe(true);
  });

  test('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(db.pool.query(`UPDATE ledger_events SET status = 500 WHERE chain_id = 'test-a'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM ledger_events WHERE chain_id = 'test-a'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE ledger_events CASCADE')).rejects.toThrow(/append-only/);
  });

  test('two writers (two chains) on one database verify together', async () => {
    const a = createLedgerWriter({ pool: db.pool, chainId: 'gw-one', clock: manualClock() });
    const b = createLedgerWriter({ pool: db.pool, chainId: 'gw-two', clock: manualClock() });
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).append(servedEvent(i))));
    await Promise.all([a.close(), b.close()]);
    const report = await verifyLedger(db.pool);
    expect(report.ok).toBe(true);
    expect(report.chains.filter((c) => c.chainId.startsWith('gw-')).map((c) => c.events)).toEqual([25, 25]);
  });
});
