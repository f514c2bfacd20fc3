/**
 * Identity: how long a full OpenID Connect login takes against the embedded provider (real HTTP,
 * authorisation code + PKCE, two backchannel calls), and what authenticating a request costs:
 * session cookie (session + roles read from PostgreSQL per request), IdP bearer token (user
 * info, cached 60 s), anonymous baseline. One process, loopback HTTP, autocannon.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { systemClock } from '../schemas/index.js';
import { composeApp } from '../tests/helpers/app.js';
import { createLedgerWriter } from '../ledger/index.js';
import { loadConfig } from '../gateway/config.js';
import { migrate } from '../gateway/process/migrate.js';
import { seedDemoIdentity } from '../gateway/demo/identity.js';
import { EMBEDDED_CLIENT_IDS, identitySettings } from '../identity/index.js';
import { CookieJar } from '../tests/helpers/login.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const LOGINS = 60;
const SECONDS = 5;

async function browserLogin(base: string, account: string): Promise<{ cookie: string; ms: number }> {
  const t0 = performance.now();
  const jar = new CookieJar();
  const go = async (href: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(href, base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res.headers.getSetCookie());
    await res.arrayBuffer();
    return res.headers.get('location')!;
  };
  let loc = await go('/auth/agent/login');
  loc = await go(loc);
  loc = await go(`${loc}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `account=${account}`,
  });
  loc = await go(loc);
  await go(loc);
  return { cookie: `dp_session=${jar.cookies.get('dp_session')}`, ms: performance.now() - t0 };
}

async function bearerToken(base: string): Promise<string> {
  const s = identitySettings(loadConfig({ PUBLIC_URL: base, NODE_ENV: 'test' })).agent!;
  // Password-less test accounts: the simplest way to an access token is the code flow itself.
  const client = await import('openid-client');
  const config = await client.discovery(
    new URL(s.issuer),
    EMBEDDED_CLIENT_IDS.agent,
    { redirect_uris: [s.redirectUri] },
    client.ClientSecretBasic(s.clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: s.scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const jar = new CookieJar();
  const go = async (href: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(href, base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res.headers.getSetCookie());
    return res.headers.get('location')!;
  };
  let loc = await go(url.href);
  loc = await go(`${loc}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'account=admin',
  });
  loc = await go(loc);
  const tokens = await client.authorizationCodeGrant(config, new URL(loc), { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

async function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url, headers, connections: 16, duration: SECONDS });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_identity_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 10 });
  pool.on('error', () => undefined);
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = await (async () => {
    await migrate(pool);
    await seedDemoIdentity(pool);
    return composeApp({
      config: loadConfig({ PUBLIC_URL: base, NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      pool,
      logger: pino({ level: 'silent' }),
      clock: systemClock,
      ledger: createLedgerWriter({ pool, clock: systemClock, chainId: 'bench-identity' }),
    });
  })();
  server.on('request', app.app);
  try {
    const times: number[] = [];
    let cookie = '';
    for (let i = 0; i < LOGINS; i++) {
      const r = await browserLogin(base, 'cnaf-instructeur');
      times.push(r.ms);
      cookie = r.cookie;
    }
    times.sort((a, b) => a - b);
    const token = await bearerToken(base);
    await autocannon({ url: `${base}/auth/session`, connections: 16, duration: 2 }); // warm-up
    const anon = await load(`${base}/auth/session`, {});
    const session = await load(`${base}/auth/session`, { cookie });
    const bearer = await load(`${base}/auth/session`, { authorization: `Bearer ${token}` });
    const row = (label: string, r: autocannon.Result) => [label, r.requests.average, r.latency.p50, r.latency.p99, r.non2xx];
    return {
      title: `identity (embedded provider, ${LOGINS} logins; ${SECONDS} s × 16 connections per load)`,
      columns: ['measure', 'req/s or ms', 'p50 ms', 'p99 ms', 'non-2xx'],
      rows: [
        [
          'full login (5 browser hops + token + userinfo), ms',
          times.reduce((a, b) => a + b, 0) / times.length,
          pct(times, 0.5),
          pct(times, 0.99),
          0,
        ],
        row('GET /auth/session anonymous (req/s)', anon),
        row('GET /auth/session, session cookie (req/s)', session),
        row('GET /auth/session, IdP bearer, cached (req/s)', bearer),
      ],
      notes: ['session cookie: one indexed session read + one memberships read per request (roles withdrawn apply at once)'],
    };
  } finally {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    await app.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
