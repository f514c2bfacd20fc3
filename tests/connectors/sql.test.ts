import { createSqlConnector, ensureReadOnlyRole, type Connector, type SqlConfig } from '../../connectors/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { context, expectProblem, request } from './helpers.js';

const ROLE = 'datapedia_legacy_reader';

function config(extra: Partial<SqlConfig['operations']> = {}): SqlConfig {
  return {
    kind: 'sql',
    role: ROLE,
    statementTimeoutMs: 2000,
    operations: {
      getAgent: {
        query: 'SELECT matricule, nom, date_entree FROM legacy_test.agents WHERE nom = $1 AND matricule = $2',
        params: ['{nom|canon}', '{matricule}'],
        mapping: 'agent',
      },
      slow: {
        query: 'SELECT matricule, nom, date_entree FROM legacy_test.agents, pg_sleep(3) WHERE matricule = $1',
        params: ['{matricule}'],
        mapping: 'agent',
      },
      write: {
        query: 'WITH d AS (DELETE FROM legacy_test.agents RETURNING *) SELECT matricule, nom, date_entree FROM d WHERE matricule = $1',
        params: ['{matricule}'],
        mapping: 'agent',
      },
      secret: {
        query: 'SELECT matricule, nom, date_entree FROM legacy_test.secrets WHERE matricule = $1',
        params: ['{matricule}'],
        mapping: 'agent',
      },
      ...extra,
    },
    mappings: {
      agent: {
        fields: [
          { to: '/matricule', from: '/matricule', convert: 'trim' },
          { to: '/nom', from: '/nom' },
          { to: '/date_entree', from: '/date_entree', convert: 'date_aaaammjj' },
        ],
      },
    },
  };
}

let db: TestDatabase;
let sql: Connector;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`CREATE SCHEMA legacy_test;
    CREATE TABLE legacy_test.agents (matricule char(6) PRIMARY KEY, nom text NOT NULL, date_entree char(8));
    INSERT INTO legacy_test.agents VALUES ('A00001', 'LEFEVRE', '20190301'), ('A00002', 'DURAND', '20191399');
    CREATE TABLE legacy_test.secrets (matricule char(6), nom text, date_entree char(8));`);
  await ensureReadOnlyRole(db.pool, ROLE, ['legacy_test']);
  await db.pool.query(`REVOKE SELECT ON legacy_test.secrets FROM ${ROLE}`);
  sql = createSqlConnector(config(), { pool: db.pool });
});
afterAll(async () => {
  await sql?.close();
  await db?.drop();
});

describe('SQL connector', () => {
  test('a parameterised query maps the row (names canonicalised, AAAAMMJJ -> ISO date)', async () => {
    await expect(sql.fetch(request('getAgent', { nom: 'Lefèvre', matricule: 'A00001' }), context())).resolves.toEqual({
      status: 200,
      body: { matricule: 'A00001', nom: 'LEFEVRE', date_entree: '2019-03-01' },
    });
  });

  test('no row -> provider.not_found; parameters are data, never SQL', async () => {
    await expectProblem(sql.fetch(request('getAgent', { nom: "x' OR '1'='1", matricule: 'A00001' }), context()), 'provider.not_found');
  });

  test('a row the mapping cannot read -> provider.invalid_response', async () => {
    await expectProblem(sql.fetch(request('getAgent', { nom: 'Durand', matricule: 'A00002' }), context()), 'provider.invalid_response');
  });

  test('deadline respected (statement timeout set from the time left): the 3 s query is cut at 300 ms', async () => {
    const started = Date.now();
    await expectProblem(sql.fetch(request('slow', { matricule: 'A00001' }), context(300)), 'provider.timeout');
    // Not before the deadline, and long before the query would end (slack for a loaded machine).
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(2000);
    // the pool is still usable afterwards
    await expect(sql.fetch(request('getAgent', { nom: 'LEFEVRE', matricule: 'A00001' }), context())).resolves.toMatchObject({
      status: 200,
    });
  });

  test('the query runs in a READ ONLY transaction: a smuggled write is refused and nothing changes', async () => {
    await expectProblem(sql.fetch(request('write', { matricule: 'A00001' }), context()), 'provider.invalid_response');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM legacy_test.agents')).rows[0].n).toBe(2);
  });

  test('the query runs under the read-only role: a table it was not granted is refused', async () => {
    await expectProblem(sql.fetch(request('secret', { matricule: 'A00001' }), context()), 'provider.invalid_response');
  });

  test('the role is created idempotently, even concurrently', async () => {
    await Promise.all([ensureReadOnlyRole(db.pool, ROLE, ['legacy_test']), ensureReadOnlyRole(db.pool, ROLE, ['legacy_test'])]);
    const { rows } = await db.pool.query(`SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1`, [ROLE]);
    expect(rows).toEqual([{ rolcanlogin: false, rolsuper: false }]);
  });

  test('health; an unreachable referential -> provider.unavailable', async () => {
    expect(await sql.health()).toMatchObject({ status: 'up' });
    const down = createSqlConnector({ ...config(), connectionString: 'postgres://postgres@127.0.0.1:9/x' });
    await expectProblem(down.fetch(request('getAgent', { nom: 'x', matricule: 'A00001' }), context()), 'provider.unavailable');
    expect(await down.health()).toMatchObject({ status: 'down' });
    await down.close();
  });
});
