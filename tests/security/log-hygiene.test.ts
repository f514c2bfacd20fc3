/**
 * Logs never hold request bodies nor credentials (docs/architecture.md, "Logs"): a hostile run —
 * bodies the parsers refuse, each carrying a secret and a person's identity — answers 4xx
 * problems, and the captured log (pino to a stream) holds none of what was sent.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { startTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/login.js';
import { createLogger } from '../../gateway/process/runtime.js';

const SECRET = 'S3cr3t-client-secret-XYZZY-0123456789';
const NAME = 'ZAPATEIRO';
const BIRTH = '1971-09-23';
const BEARER = 'eyJhbGciOiJFUzI1NiJ9.bearer-canary-4242.sig';
const COOKIE_CANARY = 'cookie-canary-7777';

let t: TestApp;
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

beforeAll(async () => {
  const config = testConfig({ LOG_LEVEL: 'debug' });
  t = await startTestApp({ env: { LOG_LEVEL: 'debug' }, deps: { logger: createLogger(config, sink) } });
});
afterAll(async () => {
  await t.stop();
});

function form(n: number): string {
  const parts = [`client_id=c1`, `client_secret=${SECRET}`, `nomNaissance=${NAME}`, `dateNaissance=${BIRTH}`];
  for (let i = parts.length; i < n; i++) parts.push(`p${i}=${i}`);
  return parts.join('&');
}
const json = JSON.stringify({ secret: SECRET, nomNaissance: NAME, dateNaissance: BIRTH });

function expectProblem(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code ?? JSON.parse(res.text || '{}').code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('every body-parser failure is a client.* problem, never 500', () => {
  test('/oauth/token with more than 20 form parameters -> 413 client.payload_too_large', async () => {
    const res = await request(t.app).post('/oauth/token').set('Content-Type', 'application/x-www-form-urlencoded').send(form(25));
    expectProblem(res, 413, 'client.payload_too_large');
  });

  test('a session-authenticated unsafe request with more than 1000 parameters -> 413', async () => {
    const me = await loginAs(t, 'cnaf-dpo');
    const res = await request(t.app)
      .post('/auth/logout')
      .set('Cookie', `${me.cookie}; canary=${COOKIE_CANARY}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`_csrf=${me.csrfToken}&${form(1005)}`);
    expectProblem(res, 413, 'client.payload_too_large');
  });

  test('Content-Encoding: gzip on a plain JSON body -> 400 client.invalid_request on control-plane routes', async () => {
    for (const path of ['/v1/organisations', '/v1/catalog/apis']) {
      const res = await request(t.app)
        .post(path)
        .set('Authorization', `Bearer ${BEARER}`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(json);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const res = await request(t.app)
      .post('/v1/organisations')
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef0123456789')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(json);
    expectProblem(res, 400, 'client.invalid_request');
  });

  test('an unsupported Content-Encoding -> 415 client.unsupported_media_type', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef0123456789')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send(json);
    expectProblem(res, 415, 'client.unsupported_media_type');
  });

  test('an unsupported charset -> 415 client.unsupported_media_type', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef0123456789')
      .set('Content-Type', 'application/json; charset=klingon')
      .send(json);
    expectProblem(res, 415, 'client.unsupported_media_type');
  });

  test('bad JSON -> 400 client.malformed_json', async () => {
    const res = await request(t.app)
      .post('/v1/organisations')
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef0123456789')
      .set('Content-Type', 'application/json')
      .send(`{"secret": "${SECRET}", "nom": "${NAME}" `);
    expectProblem(res, 400, 'client.malformed_json');
  });
});

describe('the log of the hostile run', () => {
  test('holds requests, but no secret, identity, bearer token or cookie sent in them', () => {
    expect(lines.length).toBeGreaterThan(5);
    const log = lines.join('');
    for (const canary of [SECRET, NAME, BIRTH, BEARER, COOKIE_CANARY]) expect(log).not.toContain(canary);
    expect(log).not.toContain('"status":500');
  });

  test('the logger itself censors authorization headers, cookies and bodies wherever a caller puts them', () => {
    const mine: string[] = [];
    const logger = createLogger(
      testConfig({ LOG_LEVEL: 'info' }),
      new Writable({
        write(c, _e, d) {
          mine.push(String(c));
          d();
        },
      }),
    );
    logger.info({ headers: { authorization: `Bearer ${BEARER}`, cookie: `dp_session=${COOKIE_CANARY}` }, body: { secret: SECRET } }, 'x');
    logger.info({ req: { headers: { authorization: `Bearer ${BEARER}` }, body: NAME } }, 'y');
    logger.error({ err: Object.assign(new Error('boom'), { body: `client_secret=${SECRET}` }) }, 'z');
    const log = mine.join('');
    for (const canary of [SECRET, NAME, BEARER, COOKIE_CANARY]) expect(log).not.toContain(canary);
    expect(log).toContain('boom');
  });
});
