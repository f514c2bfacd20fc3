/**
 * The per-contract rate limit holds across two gateways on one database: gateway A is the
 * world's app; gateway B is a second process's worth of services composed on its own pool (its
 * own contracts directory, catalogue resolver, token keys and PostgreSQL rate limiter), the same
 * connector registry and its own ledger chain. Only the shared rate-limit windows link them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { RequestListener } from 'node:http';
import { composeApp, type ComposedApp } from '../helpers/app.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { startExchangeWorld, qs, DUPONT, TRACE, type ExchangeWorld } from '../support/exchange-world.js';

const LIMIT = 500;
let f: ExchangeWorld;
let poolB: pg.Pool;
let writerB: LedgerWriter;
let appB: ComposedApp;
const servers: Server[] = [];
const urls: string[] = [];

async function listen(app: RequestListener): Promise<string> {
  const s = createServer(app);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  f = await startExchangeWorld({ contracts: [{ key: 'c-shared', rateLimitPerMinute: LIMIT }] });
  poolB = new pg.Pool({ connectionString: f.t.db.url, max: 5 });
  poolB.on('error', () => undefined);
  writerB = createLedgerWriter({ pool: poolB, chainId: 'gateway-b', clock: f.t.clock });
  appB = await composeApp({
    ...f.t.deps,
    pool: poolB,
    ledger: writerB,
    exchangeParts: { ledger: ledgerWriterPort(writerB), connectors: f.t.deps.exchangeParts!.connectors! },
  });
  urls.push(await listen(f.t.app), await listen(appB.app));
}, 60_000);
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await appB?.close();
  await writerB?.close();
  await poolB?.end();
  await f?.stop();
});

describe('the per-contract rate limit holds across two gateways on one database (±5 %)', () => {
  test(`${LIMIT * 1.5} requests split over two gateways admit between ${LIMIT * 0.95} and ${LIMIT}`, async () => {
    const token = await f.token('c-shared');
    const path = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
    const statuses: number[] = [];
    const byGateway = [0, 0];
    let next = 0;
    const total = LIMIT * 1.5;
    async function worker(w: number): Promise<void> {
      while (next < total) {
        next += 1;
        const res = await fetch(`${urls[w % 2]}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        statuses.push(res.status);
        if (res.status === 200) byGateway[w % 2]! += 1;
      }
    }
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    const admitted = statuses.filter((s) => s === 200).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(admitted + limited).toBe(total);
    expect(admitted).toBeLessThanOrEqual(LIMIT);
    expect(admitted).toBeGreaterThanOrEqual(LIMIT * 0.95);
    // Both gateways served some, and every answer is in the ledger (each gateway's own chain).
    expect(byGateway.every((n) => n > 0)).toBe(true);
    const { rows: events } = await f.t.db.pool.query<{ chain_id: string; n: number }>(
      "SELECT chain_id, count(*)::int AS n FROM ledger_events WHERE problem_code = 'client.rate_limited' GROUP BY chain_id",
    );
    expect(events.reduce((n, r) => n + r.n, 0)).toBe(limited);
    const { rows } = await poolB.query('SELECT sum(reserved)::int AS n FROM rate_limit_windows');
    expect(rows[0].n).toBeGreaterThanOrEqual(admitted);
  }, 120_000);
});
