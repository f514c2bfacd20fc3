import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
});
afterAll(async () => {
  await t.stop();
});

describe('every error is an RFC 9457 problem with a stable code', () => {
  test('unknown route -> 404 client.route_not_found', async () => {
    const res = await request(t.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'client.route_not_found' });
    expect(res.body.instance).toBe(`urn:uuid:${res.headers['x-request-id']}`);
  });

  test('malformed JSON -> 400 client.malformed_json, nothing written', async () => {
    const res = await request(t.app).post('/v1/organisations').set(adminAuth).set('Content-Type', 'application/json').send('{"siret": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('client.malformed_json');
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM organisations');
    expect(rows[0].n).toBe(0);
  });

  test('oversized body -> 413 client.payload_too_large (limit from config)', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set(adminAuth)
      .send({ name: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('client.payload_too_large');
  });

  test('unknown field -> 422 client.validation_failed with its pointer', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set(adminAuth)
      .send({ siret: '13000600000017', name: 'DINUM', kind: 'administration_centrale', roles: ['producer'], extra: 1 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('client.validation_failed');
    expect(res.body.errors).toContainEqual({ pointer: '/extra', detail: 'champ inconnu' });
  });

  test('X-Request-ID is echoed when acceptable, replaced otherwise', async () => {
    const ok = await request(t.app).get('/healthz').set('X-Request-ID', 'abc.DEF-123_x');
    expect(ok.headers['x-request-id']).toBe('abc.DEF-123_x');
    const bad = await request(t.app).get('/healthz').set('X-Request-ID', 'a b<script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await request(t.app).get('/healthz').set('X-Request-ID', 'a'.repeat(65));
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a problem for a caller-supplied request id names it in instance', async () => {
    const res = await request(t.app).get('/nope').set('X-Request-ID', 'my-id-1');
    expect(res.body.instance).toBe('urn:datapedia:request:my-id-1');
  });
});
