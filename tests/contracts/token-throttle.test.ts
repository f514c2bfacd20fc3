import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DatapediaApp } from '../../gateway/app.js';
import { issueAccessToken, OAuthError, type AuthorizationServer } from '../../contracts/index.js';
import { composeApp, startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, seedWorld } from './fixtures.js';
import { activeContract, basic, secretClient } from './flow.js';

/**
 * The token endpoint's throttle on wrong secrets: per (client id, source address), shared by
 * every gateway through PostgreSQL; a proven credential keeps working while it is used.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

type Client = { client_id: string; client_secret: string };
const MINUTE = 60_000;

/** The token request as the HTTP route builds it, from a given source address. */
async function tokenFrom(as: AuthorizationServer, c: Client, ip: string): Promise<number> {
  try {
    await issueAccessToken(as, {
      authorization: basic(c.client_id, c.client_secret),
      body: { grant_type: 'client_credentials' },
      ip,
      endpointUrl: `${as.issuer}/oauth/token`,
    });
    return 200;
  } catch (err) {
    if (err instanceof OAuthError) return err.status;
    throw err;
  }
}

async function freshClient(): Promise<Client> {
  return secretClient(t.app, await activeContract(t.app));
}

describe('wrong secrets from one address never lock out the client calling from another', () => {
  test('ten wrong secrets a minute from A; the client renewing every minute from B always gets its token', async () => {
    const as = t.services.contracts.as;
    const c = await freshClient();
    const statuses: number[] = [];
    for (let minute = 0; minute < 12; minute++) {
      for (let i = 0; i < 10; i++) await tokenFrom(as, { ...c, client_secret: `guess-${minute}-${i}` }, '192.0.2.10');
      statuses.push(await tokenFrom(as, c, '198.51.100.20'));
      t.clock.advance(MINUTE);
    }
    expect(statuses).toEqual(Array(12).fill(200));
  });

  test("the attacker's own address is throttled: 429 after ten failures, until its window ends", async () => {
    const as = t.services.contracts.as;
    const c = await freshClient();
    for (let i = 0; i < 10; i++) expect(await tokenFrom(as, { ...c, client_secret: `guess-${i}` }, '192.0.2.11')).toBe(401);
    expect(await tokenFrom(as, { ...c, client_secret: 'guess-10' }, '192.0.2.11')).toBe(429);
    // Even the right secret is not tried from that address while it is throttled (not yet proven).
    expect(await tokenFrom(as, c, '192.0.2.11')).toBe(429);
    t.clock.advance(MINUTE);
    expect(await tokenFrom(as, c, '192.0.2.11')).toBe(200);
  });

  test("a proven credential keeps working from the attacker's address for as long as it is used (sliding, not 5 min from the first check)", async () => {
    const as = t.services.contracts.as;
    const c = await freshClient();
    const shared = '203.0.113.30'; // the client and the attacker behind one NAT address
    expect(await tokenFrom(as, c, shared)).toBe(200);
    const statuses: number[] = [];
    // Twenty minutes, the client renewing every four: the throttle is always full at that address.
    for (let step = 0; step < 5; step++) {
      t.clock.advance(4 * MINUTE);
      for (let i = 0; i < 11; i++) await tokenFrom(as, { ...c, client_secret: `nat-${step}-${i}` }, shared);
      statuses.push(await tokenFrom(as, c, shared));
    }
    expect(statuses).toEqual(Array(5).fill(200));
    // Unused for longer than the idle period, the credential must be proven again: throttled there.
    t.clock.advance(31 * MINUTE);
    for (let i = 0; i < 10; i++) await tokenFrom(as, { ...c, client_secret: `idle-${i}` }, shared);
    expect(await tokenFrom(as, c, shared)).toBe(429);
  }, 120_000);

  test('IPv6 addresses of one /64 share a counter; an IPv4-mapped address counts as the IPv4 one', async () => {
    const as = t.services.contracts.as;
    const c = await freshClient();
    for (let i = 0; i < 10; i++) await tokenFrom(as, { ...c, client_secret: `v6-${i}` }, `2001:db8:1:2::${i + 1}`);
    expect(await tokenFrom(as, { ...c, client_secret: 'v6-x' }, '2001:db8:1:2:ffff::1')).toBe(429);
    expect(await tokenFrom(as, { ...c, client_secret: 'v6-y' }, '2001:db8:1:3::1')).toBe(401);
    for (let i = 0; i < 10; i++) await tokenFrom(as, { ...c, client_secret: `v4-${i}` }, '192.0.2.12');
    expect(await tokenFrom(as, { ...c, client_secret: 'v4-x' }, '::ffff:192.0.2.12')).toBe(429);
  });
});

/** A POST /oauth/token over real TCP from a chosen local source address (127.0.0.0/8 is all loopback). */
function tokenOverTcp(
  port: number,
  c: Client,
  localAddress: string,
): Promise<{ status: number; retryAfter?: string; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const body = 'grant_type=client_credentials';
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/oauth/token',
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          authorization: basic(c.client_id, c.client_secret),
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(text || '{}') as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function listen(app: DatapediaApp): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe("over HTTP, the source address is the socket's (no proxy trusted), and the throttle is shared by gateways", () => {
  test('from 127.0.0.2 the attacker gets 429 with Retry-After; the client from 127.0.0.3 still gets its token', async () => {
    const c = await freshClient();
    const gw = await listen(t);
    try {
      for (let i = 0; i < 10; i++) expect((await tokenOverTcp(gw.port, { ...c, client_secret: `tcp-${i}` }, '127.0.0.2')).status).toBe(401);
      const throttled = await tokenOverTcp(gw.port, { ...c, client_secret: 'tcp-10' }, '127.0.0.2');
      expect([throttled.status, throttled.body.error]).toEqual([429, 'temporarily_unavailable']);
      expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
      expect(Number(throttled.retryAfter)).toBeLessThanOrEqual(60);
      const legit = await tokenOverTcp(gw.port, c, '127.0.0.3');
      expect([legit.status, typeof legit.body.access_token]).toEqual([200, 'string']);
    } finally {
      await gw.close();
    }
  });

  test('two gateways on one database: failures on the first count on the second', async () => {
    const c = await freshClient();
    const second = await composeApp({ ...t.deps, logger: pino({ level: 'silent' }) });
    const gw1 = await listen(t);
    const gw2 = await listen(second);
    try {
      for (let i = 0; i < 5; i++) expect((await tokenOverTcp(gw1.port, { ...c, client_secret: `gw1-${i}` }, '127.0.0.4')).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await tokenOverTcp(gw2.port, { ...c, client_secret: `gw2-${i}` }, '127.0.0.4')).status).toBe(401);
      expect((await tokenOverTcp(gw2.port, { ...c, client_secret: 'gw2-x' }, '127.0.0.4')).status).toBe(429);
      expect((await tokenOverTcp(gw1.port, { ...c, client_secret: 'gw1-x' }, '127.0.0.4')).status).toBe(429);
      // The counter is one row per (client id, source address), written by an atomic upsert.
      const { rows } = await t.db.pool.query('SELECT failures FROM oauth_auth_failures WHERE client_id = $1 AND source = $2', [
        c.client_id,
        '127.0.0.4',
      ]);
      expect(rows).toEqual([{ failures: 10 }]);
      expect((await tokenOverTcp(gw2.port, c, '127.0.0.5')).status).toBe(200);
    } finally {
      await gw1.close();
      await gw2.close();
      await second.close();
    }
  });

  test('concurrent failures are all counted (no lost update between gateways)', async () => {
    const c = await freshClient();
    const second = await composeApp({ ...t.deps, logger: pino({ level: 'silent' }) });
    const gw1 = await listen(t);
    const gw2 = await listen(second);
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => tokenOverTcp(i % 2 ? gw1.port : gw2.port, { ...c, client_secret: `race-${i}` }, '127.0.0.6')),
      );
      const { rows } = await t.db.pool.query('SELECT failures FROM oauth_auth_failures WHERE client_id = $1 AND source = $2', [
        c.client_id,
        '127.0.0.6',
      ]);
      expect(rows).toEqual([{ failures: 8 }]);
    } finally {
      await gw1.close();
      await gw2.close();
      await second.close();
    }
  });
});
