import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock, ProblemError } from '../../schemas/index.js';
import { createLedgerWriter, verifyLedger } from '../../ledger/index.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
let proxy: TcpProxy;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/${db.name}`, max: 4, connectionTimeoutMillis: 1000 });
  pool.on('error', () => undefined);
});
afterAll(async () => {
  await pool.end().catch(() => undefined);
  await proxy.close();
  await db.drop();
});

describe('ledger writer: database outage', () => {
  test('appends are rejected with 503 while the database is cut, and succeed again once it is back, chain intact', async () => {
    const w = createLedgerWriter({ pool, chainId: 'gw-outage', clock: manualClock() });
    for (let i = 0; i < 5; i++) await w.append(servedEvent(i));

    proxy.cut();
    const during = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => w.append(servedEvent(100 + i))));
    for (const r of during) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as ProblemError;
      expect(err).toBeInstanceOf(ProblemError);
      expect(err.code).toBe('gateway.ledger_unavailable');
      expect(err.headers?.['Retry-After']).toBe('1');
    }

    proxy.restore();
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => w.append(servedEvent(200 + i))));
    expect(after[0]!.seq).toBe(6);
    await w.close();
    expect(w.stats().failedBatches).toBeGreaterThan(0);
    const report = await verifyLedger(db.pool);
    expect(report.ok).toBe(true);
    expect(report.chains.find((c) => c.chainId === 'gw-outage')!.events).toBe(15);
  });

  test('a silent partition fails the batch after the commit timeout (503), then recovers', async () => {
    const w = createLedgerWriter({ pool, chainId: 'gw-frozen', clock: manualClock(), commitTimeoutMs: 300 });
    await w.append(servedEvent(1));
    proxy.freeze();
    const t0 = Date.now();
    await expect(w.append(servedEvent(2))).rejects.toMatchObject({ code: 'gateway.ledger_unavailable' });
    expect(Date.now() - t0).toBeLessThan(3000);
    proxy.restore();
    let next;
    for (let i = 0; i < 20 && !next; i++) next = await w.append(servedEvent(3 + i)).catch(() => undefined);
    expect(next).toBeDefined();
    await w.close();
    expect((await verifyLedger(db.pool)).ok).toBe(true);
  });

  test('after an ambiguous failure the head is re-read from the database, never assumed', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-reread', clock: manualClock() });
    await w.append(servedEvent(1));
    // Another process (or a commit whose acknowledgement was lost) advanced the chain meanwhile.
    const ghost = createLedgerWriter({ pool: db.pool, chainId: 'gw-reread', clock: manualClock() });
    await ghost.append(servedEvent(2));
    await ghost.close();
    await expect(w.append(servedEvent(3))).rejects.toMatchObject({ code: 'gateway.ledger_unavailable' });
    const next = await w.append(servedEvent(4));
    expect(next.seq).toBe(3);
    await w.close();
    expect((await verifyLedger(db.pool)).ok).toBe(true);
  });
});
