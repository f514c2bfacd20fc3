/**
 * No data without a trace, with the real group-commit writer: when the ledger's database goes
 * away (a TCP proxy of the test's own that it cuts or freezes — never the machine's server),
 * exchanges get 503 gateway.ledger_unavailable and no producer data; once it is back they are
 * served again by the same app, without restart.
 */
import pg from 'pg';
import request from 'supertest';
import { createLedgerWriter, findEventById, verifyLedger, type LedgerWriter as DomainWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { startTcpProxy, type TcpProxy } from '../ledger/tcp-proxy.js';
import { startExchangeFixture, qs, DUPONT, TRACE, type ExchangeFixture } from './fixture.js';

let f: ExchangeFixture;
let proxy: TcpProxy;
let viaProxy: pg.Pool;
let writer: DomainWriter;

beforeAll(async () => {
  // The writer needs the test database, which the fixture creates: the port delegates to it.
  f = await startExchangeFixture({ ledger: { append: (e) => ledgerWriterPort(writer).append(e) } });
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  viaProxy = new pg.Pool({ connectionString: f.t.db.url.replace(':5432/', `:${proxy.port}/`), max: 4, connectionTimeoutMillis: 1000 });
  viaProxy.on('error', () => undefined);
  writer = createLedgerWriter({ pool: viaProxy, chainId: 'exchange-outage', clock: f.clock, commitTimeoutMs: 1000 });
});
afterAll(async () => {
  proxy.restore();
  await writer.close().catch(() => undefined);
  await viaProxy.end().catch(() => undefined);
  await proxy.close();
  await f.stop();
});

const path = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
async function exchange() {
  return request(f.t.app).get(path).set('Authorization', `Bearer ${await f.token('c-lyon')}`);
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
