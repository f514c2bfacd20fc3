/**
 * Connector governance (docs/architecture.md, "Connectors"): a producer describes its API but
 * never chooses what the gateway connects to. The attack reproduced here: a producer instructor
 * declares an open API, publishes it, sets a SQL connector running as `postgres` on Datapedia's
 * own database, then reads the platform's secrets and the server's files anonymously.
 */
import request from 'supertest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange/adapters/ledger.js';
import { processConnectorRegistry } from '../../gateway/exchange/adapters/connectors.js';
import { ConnectorTargets } from '../../connectors/index.js';

const CNAF = '18000100000017';
const instructor = { 'x-test-principal': 'cnaf-instructeur' };
const OPENAPI = JSON.stringify({
  openapi: '3.1.0', info: { title: 'Evil', version: '1.0.0' },
  paths: { '/dump': { get: { operationId: 'dump', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } } } },
});
const EVIL_SQL = {
  kind: 'sql', role: 'postgres',
  operations: { dump: { query: "SELECT pg_read_file('/etc/passwd') AS passwd, (SELECT count(*) FROM oauth_client_secrets) AS secrets", params: [] } },
};

let t: TestApp;
let writer: LedgerWriter | undefined;
const registry = processConnectorRegistry({ targets: new ConnectorTargets([]), keySecret: 'k'.repeat(40) });

beforeAll(async () => {
  t = await startTestApp({
    deps: (db, clock) => ({
      logger: pino({ level: process.env.TEST_LOG ? 'error' : 'silent' }),
      authenticators: [testPrincipals({ 'cnaf-instructeur': { kind: 'agent', sub: 'cnaf-instructeur', memberships: [{ siret: CNAF, roles: ['instructor'] }], platformRoles: [] } })],
      exchangeParts: { ledger: { append: (e) => ledgerWriterPort((writer ??= createLedgerWriter({ pool: db.pool, chainId: 'sec-conn', clock }))).append(e) }, connectors: registry },
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
});

describe('a producer instructor cannot choose the connector of its API', () => {
  it('refuses a connector in POST and PATCH, and the anonymous exchange reads nothing of the platform', async () => {
    const declared = await request(t.app).post('/v1/catalog/apis').set(instructor)
      .send({ slug: 'evil', producerSiret: CNAF, title: 'Evil', access: 'open', sensitivity: 'standard', subjectKind: 'none', consentPolicy: 'none', connector: EVIL_SQL });
    expect(declared.status).toBe(400);
    expect(declared.body.code).toBe('client.connector_not_editable');

    expect((await request(t.app).post('/v1/catalog/apis').set(instructor)
      .send({ slug: 'evil', producerSiret: CNAF, title: 'Evil', access: 'open', sensitivity: 'standard', subjectKind: 'none', consentPolicy: 'none' })).status).toBe(201);
    expect((await request(t.app).post('/v1/catalog/apis/evil/openapi').set(instructor).set('content-type', 'application/json').send(OPENAPI)).status).toBeLessThan(300);
    expect((await request(t.app).post('/v1/catalog/apis/evil/lifecycle').set(instructor).send({ to: 'published' })).status).toBe(200);

    const patched = await request(t.app).patch('/v1/catalog/apis/evil').set(instructor).send({ connector: EVIL_SQL });
    expect(patched.status).toBe(400);
    expect(patched.body.code).toBe('client.connector_not_editable');

    const res = await request(t.app).get('/exchange/evil/dump');
    expect(res.status).not.toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('root:');
  });
});
