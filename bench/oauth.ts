/**
 * Authorisation server benchmark: token endpoint throughput over real HTTP
 * (autocannon) with client_secret_basic (verified-secret cache warm) and private_key_jwt
 * (one fresh assertion per request), the cost of one cold scrypt verification, and the delay
 * between revoking a contract and its denial by another process's contract directory.
 * Runs the real app on a database of its own on the machine's server, dropped at the end.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { systemClock } from '../schemas/index.js';
import { createApi, importOpenApi, setScopes } from '../catalog/index.js';
import {
  approveHabilitationRequest,
  changeContractStatus,
  createContractClient,
  createContractDirectory,
  createHabilitationRequest,
  hashClientSecret,
  registerDemoClient,
  submitHabilitationRequest,
  verifyClientSecret,
  type Actor,
} from '../contracts/index.js';
import { createLedgerWriter } from '../ledger/index.js';
import { composeApp } from '../tests/helpers/app.js';
import { loadConfig } from '../gateway/config.js';
import { migrate } from '../gateway/process/migrate.js';
import { seedDemoOrganisations, DEMO_ORGANISATIONS } from '../gateway/demo/organisations.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DURATION_S = 8;
const CONNECTIONS = 32;
const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
const applicant: Actor = { sub: 'bench-a', memberships: [{ siret: LYON, roles: ['applicant'] }], platformRoles: [] };
const instructor: Actor = { sub: 'bench-i', memberships: [{ siret: CNAF, roles: ['instructor'] }], platformRoles: [] };

const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Bench', version: '1' },
  paths: {
    '/qf': {
      get: {
        operationId: 'getQf',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { qf: { type: 'integer' } } } } },
          },
        },
      },
    },
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function cannon(url: string, opts: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: DURATION_S, ...opts } as autocannon.Options);
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_oauth_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 20 });
  pool.on('error', () => undefined); // connections ended by the final DROP DATABASE
  const server = createServer();
  try {
    await migrate(pool);
    await seedDemoOrganisations(pool);
    await createApi(pool, {
      slug: 'bench-qf',
      producerSiret: CNAF,
      title: 'Bench',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: 'legal_basis',
    });
    await importOpenApi(pool, 'bench-qf', OPENAPI);
    await setScopes(pool, 'bench-qf', { scopes: [{ name: 'qf', label: 'QF', pointers: ['/qf'] }] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: url });
    const deps = {
      config,
      pool,
      logger: pino({ level: 'silent' }),
      clock: systemClock,
      ledger: createLedgerWriter({ pool, clock: systemClock, chainId: 'bench-oauth' }),
    };
    const app = await composeApp(deps);
    server.on('request', app.app);
    const { ctx } = app.services.contracts;
    const form = {
      intitule: 'Bench',
      description: 'Bench',
      scopes: ['qf'],
      cadre_juridique_nature: 'Loi',
      purpose: 'Bench',
      recipients: [LYON],
      retention_months: 1,
      volume_per_minute: 100000,
      production_date: '2027-01-01',
      ...Object.fromEntries(
        ['controller', 'dpo', 'business_contact', 'technical_contact'].map((k) => [
          k,
          { given_name: 'A', family_name: 'B', email: 'a@b.fr' },
        ]),
      ),
    };
    const active = async () => {
      const c = await createHabilitationRequest(ctx, applicant, { apiSlug: 'bench-qf', consumerSiret: LYON, form });
      await submitHabilitationRequest(ctx, applicant, c.id);
      return (await approveHabilitationRequest(ctx, instructor, c.id)).id;
    };
    const contractId = await active();

    // client_secret_basic
    const secret = 'bench-secret-0123456789abcdef';
    await registerDemoClient(ctx, { clientId: 'dp_bench-secret-client', secret, contractId });
    const basic = `Basic ${Buffer.from(`dp_bench-secret-client:${secret}`).toString('base64')}`;
    const body = 'grant_type=client_credentials';
    const headers = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
    await cannon(`${url}/oauth/token`, { duration: 2, headers, body }); // warm-up
    const basicRun = await cannon(`${url}/oauth/token`, { headers, body });

    // private_key_jwt: one fresh assertion (unique jti) per request, signed beforehand.
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwtClient = (
      await createContractClient(ctx, applicant, contractId, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'b1', alg: 'ES256' }] },
      })
    ).client_id;
    const count = 12_000;
    const now = Math.floor(Date.now() / 1000);
    const assertions = await Promise.all(
      Array.from({ length: count }, () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: 'b1' })
          .setIssuer(jwtClient)
          .setSubject(jwtClient)
          .setAudience(`${url}/oauth/token`)
          .setIssuedAt(now)
          .setExpirationTime(now + 240)
          .setJti(randomUUID())
          .sign(privateKey),
      ),
    );
    let i = 0;
    const jwtRun = await autocannon({
      url: `${url}/oauth/token`,
      connections: CONNECTIONS,
      amount: count,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (r) => ({
            ...r,
            body: `grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${assertions[i++ % count]}`,
          }),
        },
      ],
    } as autocannon.Options);

    // One cold scrypt verification (no cache): the cost a new or rotated secret pays once.
    const hash = await hashClientSecret(secret);
    const cold: number[] = [];
    for (let k = 0; k < 10; k++) {
      const t0 = performance.now();
      await verifyClientSecret(secret, hash);
      cold.push(performance.now() - t0);
    }
    cold.sort((a, b) => a - b);

    // Revocation -> denial by another process's directory (LISTEN/NOTIFY), 20 times.
    const other = createContractDirectory(pool, pino({ level: 'silent' }));
    await other.ready();
    const delays: number[] = [];
    for (let k = 0; k < 20; k++) {
      const id = await active();
      await new Promise((r) => setTimeout(r, 50));
      await other.get(id);
      const t0 = performance.now();
      await changeContractStatus(ctx, instructor, id, 'revoke', 'Banc d’essai');
      while ((await other.get(id))?.status !== 'revoked') await new Promise((r) => setTimeout(r, 1));
      delays.push(performance.now() - t0);
    }
    delays.sort((a, b) => a - b);
    await other.close();
    await app.close();

    const ok = (r: autocannon.Result) => r['2xx'];
    return {
      title: `token endpoint over HTTP (${CONNECTIONS} connections, one process)`,
      columns: ['measure', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx'],
      rows: [
        [
          'POST /oauth/token client_secret_basic (verified-secret cache warm)',
          basicRun.requests.average,
          basicRun.latency.p50,
          basicRun.latency.p99,
          ok(basicRun),
          basicRun.non2xx,
        ],
        [
          'POST /oauth/token private_key_jwt (fresh assertion + jti insert)',
          jwtRun.requests.average,
          jwtRun.latency.p50,
          jwtRun.latency.p99,
          ok(jwtRun),
          jwtRun.non2xx,
        ],
        [
          'scrypt verification, cold (N=2^14, r=8, p=1)',
          1000 / percentile(cold, 0.5),
          percentile(cold, 0.5),
          percentile(cold, 0.99),
          10,
          0,
        ],
        [
          'revoke -> denied by another process’s directory (NOTIFY), 20 runs',
          '-',
          percentile(delays, 0.5),
          percentile(delays, 0.99),
          20,
          0,
        ],
      ],
      notes: [
        `revocation delay: max ${delays.at(-1)!.toFixed(1)} ms (bound: 5 s TTL fallback)`,
        'machine shared with other helpers: figures are indicative',
      ],
    };
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
