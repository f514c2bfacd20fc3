/**
 * No data without a trace, with the real group-commit writer: when the ledger's database goes
 * away (a TCP proxy of the test's own that it cuts or freezes — never the machine's server),
 * exchanges get 503 gateway.ledger_unavailable and no producer data; once it is back they are
 * served again by the same app, without restart.
 */
import pg from 'pg';
import request from 'supertest';
import { findEventById, verifyLedger } from '../../ledger/index.js';
import { startTcpProxy, type TcpProxy } from '../ledger/tcp-proxy.js';
import { startExchangeWorld, qs, DUPONT, TRACE, type ExchangeWorld } from '../support/exchange-world.js';

let f: ExchangeWorld;
let proxy: TcpProxy;
let viaProxy: pg.Pool | undefined;

beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  // The process's ledger writer reaches the database through the proxy; everything else directly.
  f = await startExchangeWorld({
    chainId: 'exchange-outage',
    ledgerPool: (db) => {
      const url = (db.options as { connectionString: string }).connectionString.replace(':5432/', `:${proxy.port}/`);
      viaProxy = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 1000 });
      viaProxy.on('error', () => undefined);
      return viaProxy;
    },
  });
}, 60_000);
afterAll(async () => {
  proxy?.restore();
  await f?.stop();
  await viaProxy?.end().catch(() => undefined);
  await proxy?.close();
});

const path = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
async function exchange() {
  return request(f.t.app)
    .get(path)
    .set('Authorization', `Bearer ${await f.token('c-lyon')}`);
}

function expectNoData(res: request.Response) {
  expect([res.status, res.body.code]).toEqual([503, 'gateway.ledger_unavailable']);
  expect(res.headers['retry-after']).toBeDefined();
  expect(res.text).not.toMatch(/1234|quotient_familial/);
}

describe('the ledger database going away stops data, its return restores service', () => {
  test('served while up, 503 without data while cut or frozen, served again once back', async () => {
    const ok = await exchange();
    expect(ok.status).toBe(200);
    expect(await findEventById(f.t.db.pool, ok.body.meta.exchangeId)).toMatchObject({ type: 'exchange.served' });

    proxy.cut();
    const cut = await exchange();
    expectNoData(cut);
    expect(await findEventById(f.t.db.pool, cut.headers['x-request-id'])).toBeNull();

    proxy.restore();
    proxy.freeze();
    const t0 = Date.now();
    expectNoData(await exchange());
    expect(Date.now() - t0).toBeLessThan(5000);

    proxy.restore();
    let back: request.Response | undefined;
    for (let i = 0; i < 20 && back?.status !== 200; i++) {
      back = await exchange();
      if (back.status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(back!.status).toBe(200);
    expect(await findEventById(f.t.db.pool, back!.body.meta.exchangeId)).toMatchObject({ type: 'exchange.served', status: 200 });

    const report = await verifyLedger(f.t.db.pool);
    expect(report.ok).toBe(true);
  }, 30_000);
});
