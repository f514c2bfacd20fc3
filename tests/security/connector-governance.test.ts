/**
 * Connector governance (docs/architecture.md, "Connectors"): a producer describes its API but
 * never chooses what the gateway connects to. The attack reproduced here: a producer instructor
 * declares an open API, publishes it, sets a SQL connector running as `postgres` on Datapedia's
 * own database, then reads the platform's secrets and the server's files anonymously.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import pino from 'pino';
import { adminAuth, startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { loginAs } from '../helpers/login.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { processConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { ConnectorTargets, connectorGovernance } from '../../connectors/index.js';

const CNAF = '18000100000017';
const instructor = { 'x-test-principal': 'cnaf-instructeur' };
const OPENAPI = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Evil', version: '1.0.0' },
  paths: {
    '/dump': {
      get: {
        operationId: 'dump',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
});
const EVIL_SQL = {
  kind: 'sql',
  role: 'postgres',
  operations: {
    dump: { query: "SELECT pg_read_file('/etc/passwd') AS passwd, (SELECT count(*) FROM oauth_client_secrets) AS secrets", params: [] },
  },
};

const SECRET = 'upstream-client-secret-7f3a9c';
let t: TestApp;
let writer: LedgerWriter | undefined;
let upstream: Server;
let origin: string;
const authSeen: string[] = [];
const governance = connectorGovernance(new ConnectorTargets([]), 'k'.repeat(40));
const registry = processConnectorRegistry({ governance });

beforeAll(async () => {
  // A producer's upstream: OAuth2 token endpoint and one resource, on loopback (declared as a target below).
  upstream = createServer((req, res) => {
    authSeen.push(req.headers.authorization ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/token')
      return res.end(JSON.stringify({ access_token: 'tok', token_type: 'Bearer', expires_in: 300 }));
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  governance.targets.declare({ name: 'upstream', kind: 'rest', origins: [origin] });
  t = await startTestApp({
    deps: (db, clock) => ({
      logger: pino({ level: process.env.TEST_LOG ? 'error' : 'silent' }),
      authenticators: [
        testPrincipals({
          'cnaf-instructeur': {
            kind: 'agent',
            sub: 'cnaf-instructeur',
            memberships: [{ siret: CNAF, roles: ['instructor'] }],
            platformRoles: [],
          },
        }),
      ],
      connectorGovernance: governance,
      exchangeParts: {
        ledger: {
          append: (e) => ledgerWriterPort((writer ??= createLedgerWriter({ pool: db.pool, chainId: 'sec-conn', clock }))).append(e),
        },
        connectors: registry,
      },
    }),
  });
  t.clock.set(new Date());
  await seedDemoOrganisations(t.db.pool);
  void pino;
});

afterAll(async () => {
  await registry.close();
  await writer?.close();
  await t.stop();
  await new Promise((r) => upstream.close(r));
});

describe('a producer instructor cannot choose the connector of its API', () => {
  it('refuses a connector in POST and PATCH, and the anonymous exchange reads nothing of the platform', async () => {
    const declared = await request(t.app).post('/v1/catalog/apis').set(instructor).send({
      slug: 'evil',
      producerSiret: CNAF,
      title: 'Evil',
      access: 'open',
      sensitivity: 'standard',
      subjectKind: 'none',
      consentPolicy: 'none',
      connector: EVIL_SQL,
    });
    expect(declared.status).toBe(400);
    expect(declared.body.code).toBe('client.connector_not_editable');

    expect(
      (
        await request(t.app).post('/v1/catalog/apis').set(instructor).send({
          slug: 'evil',
          producerSiret: CNAF,
          title: 'Evil',
          access: 'open',
          sensitivity: 'standard',
          subjectKind: 'none',
          consentPolicy: 'none',
        })
      ).status,
    ).toBe(201);
    expect(
      (await request(t.app).post('/v1/catalog/apis/evil/openapi').set(instructor).set('content-type', 'application/json').send(OPENAPI))
        .status,
    ).toBeLessThan(300);
    expect((await request(t.app).post('/v1/catalog/apis/evil/lifecycle').set(instructor).send({ to: 'published' })).status).toBe(200);

    const patched = await request(t.app).patch('/v1/catalog/apis/evil').set(instructor).send({ connector: EVIL_SQL });
    expect(patched.status).toBe(400);
    expect(patched.body.code).toBe('client.connector_not_editable');

    const res = await request(t.app).get('/exchange/evil/dump');
    expect(res.status).not.toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('root:');
  });
});

describe('only the operator binds a connector, within the declared targets', () => {
  const binding = () => ({
    target: 'upstream',
    config: {
      kind: 'rest',
      baseUrl: origin,
      auth: { type: 'oauth2_client_credentials', tokenUrl: `${origin}/token`, clientId: 'dp', clientSecret: SECRET },
      operations: { dump: { method: 'GET', path: '/dump' } },
    },
  });

  it('refuses producers and anonymous callers on the operator routes', async () => {
    expect((await request(t.app).put('/v1/operator/apis/evil/connector').set(instructor).send(binding())).status).toBe(403);
    expect((await request(t.app).put('/v1/operator/apis/evil/connector').send(binding())).status).toBe(401);
    expect((await request(t.app).get('/v1/operator/apis/evil/connector').set(instructor)).status).toBe(403);
    expect((await request(t.app).get('/v1/operator/connector-targets')).status).toBe(401);
  });

  it('refuses the operator a binding outside the declared targets, with stable codes', async () => {
    const undeclared = await request(t.app)
      .put('/v1/operator/apis/evil/connector')
      .set(adminAuth)
      .send({ target: 'own-db', config: EVIL_SQL });
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.code).toBe('client.connector_target_not_allowed');
    const ssrf = await request(t.app)
      .put('/v1/operator/apis/evil/connector')
      .set(adminAuth)
      .send({ target: 'upstream', config: { ...binding().config, baseUrl: 'http://127.0.0.1:5432/' } });
    expect(ssrf.status).toBe(422);
    expect(ssrf.body.code).toBe('client.connector_target_not_allowed');
    const kind = await request(t.app).put('/v1/operator/apis/evil/connector').set(adminAuth).send({ target: 'upstream', config: EVIL_SQL });
    expect(kind.body.code).toBe('client.connector_target_not_allowed');
  });

  it('binds within a target: secret sealed at rest, {"set": true} to the operator, nothing to anyone else, and the exchange uses it', async () => {
    const bound = await request(t.app).put('/v1/operator/apis/evil/connector').set(adminAuth).send(binding());
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({
      bound: true,
      target: 'upstream',
      config: { auth: { clientSecret: { set: true } } },
      boundBy: 'admin-token',
    });
    expect(JSON.stringify(bound.body)).not.toContain(SECRET);

    const column = await t.db.pool.query<{ c: string }>(`SELECT connector::text AS c FROM catalog_apis WHERE slug = 'evil'`);
    expect(column.rows[0]!.c).toContain('"sealed"');
    expect(column.rows[0]!.c).not.toContain(SECRET);

    const shown = await request(t.app).get('/v1/operator/apis/evil/connector').set(adminAuth);
    expect(shown.body.config.auth.clientSecret).toEqual({ set: true });

    for (const who of [{}, instructor]) {
      for (const path of ['/v1/catalog/apis', '/v1/catalog/apis/evil']) {
        const res = await request(t.app).get(path).set(who);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(SECRET);
        expect(res.text).not.toContain('"connector"');
        expect(res.text).not.toContain('/token');
      }
    }

    const res = await request(t.app).get('/exchange/evil/dump');
    expect(res.status).toBe(200);
    expect(authSeen).toContain(`Basic ${Buffer.from(`dp:${SECRET}`).toString('base64')}`);

    // Re-binding with the secret sent back as {"set": true} keeps it.
    const again = await request(t.app)
      .put('/v1/operator/apis/evil/connector')
      .set(adminAuth)
      .send({ ...binding(), config: { ...binding().config, auth: { ...binding().config.auth, clientSecret: { set: true } } } });
    expect(again.status).toBe(200);
  });
});

describe('with the real session of the demo cnaf-instructeur', () => {
  it('no request changes a connector', async () => {
    const me = await loginAs(t, 'cnaf-instructeur');
    const session = { Cookie: me.cookie, 'X-CSRF-Token': me.csrfToken };
    const before = await t.db.pool.query<{ c: string | null }>(`SELECT connector::text AS c FROM catalog_apis WHERE slug = 'evil'`);
    const patched = await request(t.app).patch('/v1/catalog/apis/evil').set(session).send({ title: 'Evil bis', connector: EVIL_SQL });
    expect(patched.status).toBe(400);
    expect(patched.body.code).toBe('client.connector_not_editable');
    expect(
      (await request(t.app).put('/v1/operator/apis/evil/connector').set(session).send({ target: 'upstream', config: EVIL_SQL })).status,
    ).toBe(403);
    expect(
      (
        await request(t.app).post('/v1/catalog/apis').set(session).send({
          slug: 'evil-2',
          producerSiret: CNAF,
          title: 'Evil 2',
          access: 'open',
          sensitivity: 'standard',
          subjectKind: 'none',
          consentPolicy: 'none',
          connector: EVIL_SQL,
        })
      ).body.code,
    ).toBe('client.connector_not_editable');
    const after = await t.db.pool.query<{ c: string | null }>(`SELECT connector::text AS c FROM catalog_apis WHERE slug = 'evil'`);
    expect(after.rows[0]!.c).toBe(before.rows[0]!.c);
    // The descriptive attributes stay the producer's to edit.
    expect((await request(t.app).patch('/v1/catalog/apis/evil').set(session).send({ title: 'Evil bis' })).status).toBe(200);
  });
});
