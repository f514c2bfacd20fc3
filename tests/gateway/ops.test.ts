import request from 'supertest';
import type { Express } from 'express';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { toExpressPath } from '../../gateway/http/route.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe('operations endpoints', () => {
  test('/healthz says the process is up', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
  });

  test('/readyz is 200 on a migrated database', async () => {
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'ready' });
  });

  test('/readyz is 503 gateway.not_ready when a migration is missing', async () => {
    const { rows } = await t.db.pool.query('SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1');
    await t.db.pool.query('DELETE FROM schema_migrations WHERE name = $1', [rows[0].name]);
    try {
      const res = await request(t.app).get('/readyz');
      expect([res.status, res.body.code]).toEqual([503, 'gateway.not_ready']);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await t.db.pool.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [rows[0].name, 'restored']);
    }
  });

  test('/metrics exposes request counts and latency by route and status', async () => {
    await request(t.app).get('/healthz');
    await request(t.app).get('/nope');
    const text = (await request(t.app).get('/metrics')).text;
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz",status="200"\}/);
  });

  test('/docs renders the OpenAPI document and the error codes in French', async () => {
    const res = await request(t.app).get('/docs');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('/v1/organisations');
    expect(res.text).toContain('client.route_not_found');
  });

  test('the DSFR assets are served from the package', async () => {
    const res = await request(t.app).get('/dsfr/dsfr.min.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/css/);
  });
});

/** Every route mounted on the app, as `METHOD express-path` (flat mounting, see mountRoutes). */
function mountedRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  const out: string[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}`);
  }
  return out;
}

describe('/openapi.json documents every REST route of the app', () => {
  test('it is OpenAPI 3.1 with our problem schema', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Problem.required).toContain('code');
  });

  test('every mounted route is documented (web pages and GraphQL aside)', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of Object.keys(item)) documented.add(`${m.toUpperCase()} ${toExpressPath(path)}`);
    const hidden = new Set(t.routes.filter((r) => r.hidden).map((r) => `${r.method.toUpperCase()} ${toExpressPath(r.path)}`));
    const undocumented = mountedRoutes(t.app).filter((r) => !documented.has(r) && !hidden.has(r) && !/ \/graphql$/.test(r));
    expect(undocumented).toEqual([]);
    expect(documented.size).toBeGreaterThan(5);
  });

  test('hidden routes are only web pages (HTML) or redirects', () => {
    for (const r of t.routes.filter((x) => x.hidden)) {
      const types = Object.values(r.responses).map((x) => x.contentType ?? 'application/json');
      expect([r.path, types.every((c) => c === 'text/html' || c === 'application/octet-stream' || c.startsWith('text/'))]).toEqual([
        r.path,
        true,
      ]);
    }
  });
});
