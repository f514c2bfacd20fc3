/**
 * GraphQL is bounded (docs/architecture.md, "Public surfaces"): an anonymous document repeating
 * the catalogue's heaviest selection under hundreds of aliases is refused before any resolver
 * runs; depth, alias and cost limits each answer their own stable `extensions.code`; batches of
 * operations in one HTTP request are refused; an operation past its time budget fails with
 * `gateway.graphql_timeout` instead of holding its connections.
 */
import request from 'supertest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { aliasAttack } from './graphql-attack.js';

/** Counts the queries and checkouts of a pool (what a resolver would cost the database). */
function countUse(pool: pg.Pool): { readonly n: number; restore(): void } {
  const query = pool.query.bind(pool);
  const connect = pool.connect.bind(pool);
  let n = 0;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    n++;
    return (query as (...a: unknown[]) => unknown)(...args);
  };
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    n++;
    return (connect as (...a: unknown[]) => unknown)(...args);
  };
  return {
    get n() {
      return n;
    },
    restore: () => {
      (pool as { query: unknown }).query = query;
      (pool as { connect: unknown }).connect = connect;
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const gql = (body: unknown, app = t.app) =>
  request(app).post('/graphql').set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('the alias attack is refused before any resolver runs', () => {
  test('300 aliases of the catalogue selection: 400 client.graphql_too_many_aliases, no query, well under 100 ms', async () => {
    expect(aliasAttack(300).length).toBeGreaterThan(30_000);
    // Over a real connection (keep-alive), as an attacker would send it.
    const server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const post = (query: string) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) });
    await (await post('{ _version }')).arrayBuffer(); // warm the route and the connection
    const use = countUse(t.db.pool);
    const times: number[] = [];
    const trivial: number[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const t1 = performance.now();
        await (await post('{ _version }')).arrayBuffer();
        trivial.push(performance.now() - t1);
        // A different document each time: each one is parsed and checked (none is a remembered refusal).
        const query = aliasAttack(300, `x${i}_`);
        const t0 = performance.now();
        const res = await post(query);
        const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
        times.push(performance.now() - t0);
        expect(res.status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0]!.extensions.code).toBe('client.graphql_too_many_aliases');
        expect(body.errors[0]!.message).toMatch(/alias/i);
      }
    } finally {
      use.restore();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    // Refused at validation: not one database query or checkout.
    expect(use.n).toBe(0);
    // The median of five (one GC pause must not decide the test) under 100 ms; on a machine so
    // loaded that the cheapest request is slow too, within 3× of the cheapest request's median.
    console.log(`alias refusal: median ${median(times).toFixed(1)} ms; trivial query: median ${median(trivial).toFixed(1)} ms`);
    expect(median(times)).toBeLessThan(Math.max(100, 3 * median(trivial)));
  }, 120_000);

  test('a legitimate catalogue query still answers', async () => {
    const res = await gql({
      query: '{ apis { slug endpoints { operationId fields } versions { version } scopes { name } fieldLinks { pointer } } }',
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.apis.length).toBeGreaterThan(0);
  });

  test('a few aliases stay allowed', async () => {
    const res = await gql({ query: '{ one: apis { slug } two: apis { title } }' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});

describe('depth, cost and batches have their own codes', () => {
  test('deeper than GRAPHQL_MAX_DEPTH: 400 client.graphql_too_deep (before the schema is even consulted)', async () => {
    const res = await gql({ query: '{ a { b { c { d { e { f { g { h } } } } } } } }' });
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_deep']);
    expect(res.body.errors[0].message).toMatch(/niveaux/);
  });

  test('within the alias limit but too costly: 400 client.graphql_too_complex', async () => {
    // 14 aliases (under 15) of the whole catalogue record: about 14 × 80 > 1000.
    const all =
      'apis { id slug producerSiret title description version lifecycle sunsetDate deprecationNotice access sensitivity subjectKind consentPolicy rateLimitPerMinute documentationUrl endpoints { id operationId method pathTemplate summary description deprecated fields } scopes { name label pointers } fieldLinks { pointer dataElementId } versions { seq version openapiVersion importedAt endpointsAdded endpointsRemoved endpointsChanged } }';
    const use = countUse(t.db.pool);
    const res = await gql({ query: `{ ${Array.from({ length: 14 }, (_, i) => `a${i}: ${all}`).join(' ')} }` });
    use.restore();
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_complex']);
    expect(use.n).toBe(0);
    // The same record once is an ordinary query.
    const one = await gql({ query: `{ ${all} }` });
    expect([one.status, one.body.errors]).toEqual([200, undefined]);
  });

  test('fragments do not hide aliases or cost', async () => {
    const res = await gql({
      query: `{ ...F } fragment F on Query { ${Array.from({ length: 40 }, (_, i) => `a${i}: _version`).join(' ')} }`,
    });
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_many_aliases']);
  });

  test('a document past GRAPHQL_MAX_TOKENS: the parser stops, 400 client.graphql_too_large', async () => {
    // 10,001 tokens and more: `{` then `_version` 20,000 times.
    const res = await gql({ query: `{ ${'_version '.repeat(20_000)}}` });
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_large']);
  });

  test('a syntax error is a 400 client.invalid_request, answered before Apollo', async () => {
    const res = await gql({ query: '{ apis { slug ' });
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.invalid_request']);
    expect(res.body.errors[0].message).toMatch(/Syntax Error/);
  });

  test('a batch (JSON array of operations) is refused: 400 client.graphql_batch_refused', async () => {
    const res = await gql([{ query: '{ _version }' }, { query: '{ _version }' }]);
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_batch_refused']);
  });

  test('limits are configuration: GRAPHQL_MAX_DEPTH=3 refuses a real depth-4 query', async () => {
    const strict = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_ALIASES: '1' } });
    try {
      const deep = await gql({ query: '{ apis { endpoints { operationId } } }' }, strict.app);
      expect([deep.status, deep.body.errors]).toEqual([200, undefined]);
      const tooDeep = await gql({ query: '{ myExchanges { items { consumer { siret } } } }' }, strict.app);
      expect([tooDeep.status, tooDeep.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_deep']);
      const aliases = await gql({ query: '{ a: _version b: _version }' }, strict.app);
      expect([aliases.status, aliases.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_too_many_aliases']);
    } finally {
      await strict.stop();
    }
  });
});

describe('the time budget of an operation', () => {
  test('an operation still waiting past GRAPHQL_TIMEOUT_MS fails with 503 gateway.graphql_timeout, no partial data', async () => {
    const slow = await startTestApp({ env: { GRAPHQL_TIMEOUT_MS: '300' } });
    const locker = new pg.Client({ connectionString: slow.db.url });
    await locker.connect();
    try {
      // A writer holds the catalogue: reads of it wait (a slow database, for real).
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE catalog_apis IN ACCESS EXCLUSIVE MODE');
      const t0 = performance.now();
      const res = await gql({ query: '{ _version apis { slug } }' }, slow.app);
      const took = performance.now() - t0;
      expect(res.status).toBe(503);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions.code).toBe('gateway.graphql_timeout');
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(3000);
      await locker.query('ROLLBACK');
      const after = await gql({ query: '{ apis { slug } }' }, slow.app);
      expect([after.status, after.body.errors]).toEqual([200, undefined]);
    } finally {
      await locker.end();
      await slow.stop();
    }
  }, 120_000);
});

describe('introspection', () => {
  const introspection = '{ __schema { queryType { name } types { name } } }';

  test('on outside production (development tools)', async () => {
    const res = await gql({ query: introspection });
    expect([res.status, res.body.errors]).toEqual([200, undefined]);
  });

  test('off with NODE_ENV=production: 400 client.graphql_introspection_disabled, and no field suggestions', async () => {
    const secret = () => randomBytes(32).toString('base64url');
    const prod = await startTestApp({
      env: {
        NODE_ENV: 'production',
        DEMO: 'false',
        ADMIN_TOKEN: secret(),
        SUBJECT_HMAC_SECRET: secret(),
        SESSION_SECRET: secret(),
        KEY_ENCRYPTION_SECRET: secret(),
      },
    });
    try {
      const res = await gql({ query: introspection }, prod.app);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions.code).toBe('client.graphql_introspection_disabled');
      const type = await gql({ query: '{ __type(name: "CatalogApi") { fields { name } } }' }, prod.app);
      expect([type.status, type.body.errors[0].extensions.code]).toEqual([400, 'client.graphql_introspection_disabled']);
      // A misspelt field does not reveal the schema either ("Did you mean ...").
      const typo = await gql({ query: '{ apiz { slug } }' }, prod.app);
      expect(typo.status).toBe(400);
      expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean|apis/);
      // Ordinary queries still work.
      const ok = await gql({ query: '{ _version }' }, prod.app);
      expect([ok.status, ok.body.data]).toEqual([200, { _version: '1' }]);
    } finally {
      await prod.stop();
    }
  });
});
