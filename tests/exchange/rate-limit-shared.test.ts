import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { DatapediaApp } from '../../gateway/app.js';
import { composeApp } from '../helpers/app.js';
import { pgRateLimiter } from '../../gateway/exchange-adapters/pg-rate-limiter.js';
import type { RateLimiter } from '../../exchange/ports.js';
import { startExchangeFixture, contract, qs, DUPONT, TRACE, type ExchangeFixture } from './fixture.js';

const LIMIT = 500;
let f: ExchangeFixture;
let poolB: pg.Pool;
let appB: DatapediaApp;
const servers: Server[] = [];
const urls: string[] = [];

async function listen(app: DatapediaApp): Promise<string> {
  const s = createServer(app.app);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // Gateway A: the fixture's app, its rate limiter on the test database.
  f = await startExchangeFixture({
    contracts: [contract('c-shared', { rateLimitPerMinute: LIMIT })],
    rateLimiter: () => poolA(),
  });
  // Gateway B: a second app with its own pool on the SAME database, the same contracts and producer.
  poolB = new pg.Pool({ connectionString: f.t.db.url, max: 5 });
  appB = await composeApp({ ...f.t.deps, pool: poolB, exchange: { ...f.ports, rateLimiter: pgRateLimiter(poolB, f.clock) } });
  urls.push(await listen(f.t), await listen(appB));
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await appB.close();
  await poolB.end();
  await f.stop();
});

// Gateway A's limiter needs the test database, which exists only once the fixture started it.
let limiterA: RateLimiter | undefined;
function poolA(): RateLimiter {
  return { consume: (key, limit) => (limiterA ??= pgRateLimiter(f.t.db.pool, f.clock)).consume(key, limit) };
}

describe('the per-contract rate limit holds across two gateways on one database (±5 %)', () => {
  test(`${LIMIT * 1.5} requests split over two gateways admit between ${LIMIT * 0.95} and ${LIMIT}`, async () => {
    const token = await f.token('c-shared');
    const path = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
    const statuses: number[] = [];
    let next = 0;
    const total = LIMIT * 1.5;
    async function worker(w: number): Promise<void> {
      while (next < total) {
        next += 1;
        const res = await fetch(`${urls[w % 2]}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    }
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    const admitted = statuses.filter((s) => s === 200).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(admitted + limited).toBe(total);
    expect(admitted).toBeLessThanOrEqual(LIMIT);
    expect(admitted).toBeGreaterThanOrEqual(LIMIT * 0.95);
    // Both gateways served some, and every answer is in the ledger.
    expect(f.ledger.events.filter((e) => e.problemCode === 'client.rate_limited').length).toBe(limited);
    const { rows } = await poolB.query('SELECT sum(reserved)::int AS n FROM rate_limit_windows');
    expect(rows[0].n).toBeGreaterThanOrEqual(admitted);
  }, 60_000);
});
