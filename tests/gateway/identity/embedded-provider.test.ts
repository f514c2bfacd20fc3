import request from 'supertest';
import pino from 'pino';
import { composeApp, startTestApp, type TestApp } from '../../helpers/app.js';
import { CookieJar } from '../../helpers/login.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const ISSUER = 'http://localhost:3000/idp';

async function startAuthorization(jar: CookieJar, extra = ''): Promise<request.Response> {
  const start = await request(t.app).get('/auth/agent/login');
  jar.store(start.headers['set-cookie']);
  const u = new URL(start.headers.location!);
  const res = await request(t.app)
    .get(u.pathname + u.search + extra)
    .set('Cookie', jar.header());
  jar.store(res.headers['set-cookie']);
  return res;
}

describe('the embedded OpenID provider is mounted under /idp with PUBLIC_URL as issuer', () => {
  test('discovery names the public issuer and endpoints, whatever Host the request had', async () => {
    const res = await request(t.app).get('/idp/.well-known/openid-configuration').set('Host', 'attacker.example');
    expect(res.status).toBe(200);
    expect(res.body.issuer).toBe(ISSUER);
    expect(res.body.authorization_endpoint).toBe(`${ISSUER}/auth`);
    expect(res.body.token_endpoint).toBe(`${ISSUER}/token`);
    expect(res.body.code_challenge_methods_supported).toEqual(['S256']);
    expect(res.body.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'ES256']));
  });

  test('the login redirect asks for the code flow with PKCE S256, state and nonce', async () => {
    const res = await request(t.app).get('/auth/agent/login');
    const u = new URL(res.headers.location!);
    expect(u.origin + u.pathname).toBe(`${ISSUER}/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'datapedia-agents',
      code_challenge_method: 'S256',
      redirect_uri: 'http://localhost:3000/auth/agent/callback',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(u.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(String(res.headers['set-cookie'])).toMatch(/dp_login=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/auth;.*HttpOnly; SameSite=Lax/);
  });

  test('PKCE is required: an authorisation request without code_challenge is refused', async () => {
    const res = await request(t.app)
      .get('/idp/auth')
      .query({
        client_id: 'datapedia-agents',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: 'http://localhost:3000/auth/agent/callback',
        state: 's'.repeat(20),
      });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.location!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  test('our French page "choisir un compte de test" lists agents of the demo organisations', async () => {
    const jar = new CookieJar();
    const res = await startAuthorization(jar);
    expect(res.status).toBe(303);
    const page = await request(t.app).get(new URL(res.headers.location!, 'http://x').pathname).set('Cookie', jar.header());
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Choisir un compte de test');
    expect(page.text).toContain('<html lang="fr"');
    for (const id of ['ville-lyon-demandeur', 'cnaf-instructeur', 'cnaf-dpo', 'auditeur', 'admin'])
      expect(page.text).toContain(`data-account="${id}"`);
    expect(page.text).not.toContain('data-account="citoyen-1"');
  });

  test('an unknown account is refused; an unknown interaction is a client problem, not a 500', async () => {
    const jar = new CookieJar();
    const res = await startAuthorization(jar);
    const path = new URL(res.headers.location!, 'http://x').pathname;
    const bad = await request(t.app).post(`${path}/login`).set('Cookie', jar.header()).type('form').send({ account: 'nobody' });
    expect([bad.status, bad.body.code]).toEqual([400, 'client.invalid_parameter']);
    const gone = await request(t.app).get('/idp/interaction/doesnotexist');
    expect([gone.status, gone.body.code]).toEqual([400, 'client.invalid_request']);
  });

  test('cancelling returns access_denied to the callback, which opens no session', async () => {
    const jar = new CookieJar();
    const res = await startAuthorization(jar);
    const path = new URL(res.headers.location!, 'http://x').pathname;
    let r = await request(t.app).post(`${path}/abort`).set('Cookie', jar.header());
    jar.store(r.headers['set-cookie']);
    r = await request(t.app)
      .get(new URL(r.headers.location!).pathname + new URL(r.headers.location!).search)
      .set('Cookie', jar.header());
    const cb = new URL(r.headers.location!);
    expect(cb.searchParams.get('error')).toBe('access_denied');
    const done = await request(t.app)
      .get(cb.pathname + cb.search)
      .set('Cookie', jar.header());
    expect([done.status, done.body.code]).toEqual([401, 'client.unauthenticated']);
    expect(String(done.headers['set-cookie'])).not.toMatch(/dp_session=[A-Za-z0-9]/);
  });

  test("a callback without the browser's login cookie (or replayed) is refused", async () => {
    const res = await request(t.app).get('/auth/agent/callback?code=abc&state=def');
    expect([res.status, res.body.code]).toEqual([400, 'client.invalid_request']);
  });

  test('artefacts live in PostgreSQL and the signing keys survive a restart (a second app on the same database)', async () => {
    const { rows } = await t.db.pool.query(`SELECT DISTINCT model FROM oidc_artefacts`);
    expect(rows.map((r) => r.model)).toEqual(expect.arrayContaining(['Interaction']));
    const jwks1 = (await request(t.app).get('/idp/jwks')).body;
    const again = await composeApp({ ...t.deps, logger: pino({ level: 'silent' }) });
    try {
      const jwks2 = (await request(again.app).get('/idp/jwks')).body;
      expect(jwks2).toEqual(jwks1);
      expect(jwks1.keys.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'RS256']);
      expect(JSON.stringify(jwks1)).not.toMatch(/"d":/);
    } finally {
      await again.close();
    }
  });

  test('EMBEDDED_IDP=false (the production default) mounts no provider; logins without an issuer are misconfigured', async () => {
    const prod = await startTestApp({ env: { EMBEDDED_IDP: 'false' } });
    try {
      expect((await request(prod.app).get('/idp/.well-known/openid-configuration')).status).toBe(404);
      const login = await request(prod.app).get('/auth/agent/login');
      expect([login.status, login.body.code]).toEqual([500, 'gateway.misconfigured']);
    } finally {
      await prod.stop();
    }
  });
});
