import { createHash } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CookieJar, loginAs } from '../../helpers/login.js';

let t: TestApp;
let https: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  https = await startTestApp({ env: { PUBLIC_URL: 'https://datapedia.example.gouv.fr' } });
});
afterAll(async () => {
  await t.stop();
  await https.stop();
});

function sessionCookieLine(jar: CookieJar): string {
  return jar.seen.filter((l) => l.startsWith('dp_session=')).at(-1)!;
}

describe('the session cookie is random, HttpOnly, SameSite=Lax, Secure over https', () => {
  test('attributes over http', async () => {
    const me = await loginAs(t, 'cnaf-dpo');
    const line = sessionCookieLine(me.jar);
    expect(line).toMatch(/^dp_session=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).not.toMatch(/; Secure/);
    expect(line).toMatch(/; Max-Age=28800/);
  });

  test('Secure when PUBLIC_URL is https (the whole flow still runs)', async () => {
    const me = await loginAs(https, 'cnaf-dpo');
    expect(sessionCookieLine(me.jar)).toMatch(/; Secure/);
  });

  test('only the SHA-256 of the session id is stored', async () => {
    const me = await loginAs(t, 'dgfip-instructeur');
    const id = me.cookie.split('=')[1]!;
    const { rows } = await t.db.pool.query('SELECT id_hash FROM sessions');
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);
  });
});

describe('a session is rotated on login, and dies when forged, expired or logged out', () => {
  test('the callback ends the session the browser had before (session fixation)', async () => {
    const victim = await loginAs(t, 'insee-dpo');
    // A browser that holds `victim.cookie` logs in as someone else: the old id must die.
    const r1 = await request(t.app).get('/auth/citizen/login').set('Cookie', victim.cookie);
    const jar = new CookieJar();
    jar.store(`${victim.cookie}; Path=/`);
    jar.store(r1.headers['set-cookie']);
    const next = async (loc: string) => {
      const u = new URL(loc, 'http://localhost');
      const res = await request(t.app)
        .get(u.pathname + u.search)
        .set('Cookie', jar.header());
      jar.store(res.headers['set-cookie']);
      return res;
    };
    let res = await next(r1.headers.location!);
    const interaction = new URL(res.headers.location!, 'http://localhost').pathname;
    res = await request(t.app).post(`${interaction}/login`).set('Cookie', jar.header()).type('form').send({ account: 'citoyen-2' });
    jar.store(res.headers['set-cookie']);
    res = await next(res.headers.location!);
    expect(res.headers.location).toMatch(/\/auth\/citizen\/callback\?/);
    res = await next(res.headers.location!);
    expect([res.status, res.text]).toEqual([303, expect.any(String)]);
    expect(jar.cookies.get('dp_session')).not.toBe(victim.cookie.split('=')[1]);
    const old = await request(t.app).get('/auth/session').set('Cookie', victim.cookie);
    expect(old.body.authenticated).toBe(false);
    const now = await request(t.app)
      .get('/auth/session')
      .set('Cookie', `dp_session=${jar.cookies.get('dp_session')}`);
    expect(now.body).toMatchObject({ authenticated: true, kind: 'citizen', sub: 'citoyen-2' });
  });

  test('a forged session cookie is ignored (anonymous), and a protected route answers 401', async () => {
    const forged = 'dp_session=' + 'A'.repeat(43);
    const who = await request(t.app).get('/auth/session').set('Cookie', forged);
    expect(who.body).toEqual({ authenticated: false });
    const res = await request(t.app).post('/auth/logout').set('Cookie', forged);
    expect([res.status, res.body.code]).toEqual([401, 'client.unauthenticated']);
  });

  test('an expired session is refused (time from deps.clock)', async () => {
    const me = await loginAs(t, 'cnous-dpo');
    t.clock.advance(8 * 3600 * 1000 + 1000);
    try {
      const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
      expect(res.body.authenticated).toBe(false);
    } finally {
      t.clock.advance(-(8 * 3600 * 1000 + 1000));
    }
  });

  test('logout (with the CSRF token) deletes the session, clears the cookie and goes to the provider logout', async () => {
    const me = await loginAs(t, 'cnous-instructeur');
    const res = await request(t.app).post('/auth/logout').set('Cookie', me.cookie).type('form').send({ _csrf: me.csrfToken });
    expect(res.status).toBe(303);
    const end = new URL(res.headers.location!);
    expect(end.origin + end.pathname).toBe('http://localhost:3000/idp/session/end');
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/');
    expect(String(res.headers['set-cookie'])).toMatch(/dp_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(after.body.authenticated).toBe(false);
  });
});

describe('CSRF: unsafe requests authenticated by the session cookie carry the synchronizer token', () => {
  test('no token -> 403 client.csrf_failed, the session survives', async () => {
    const me = await loginAs(t, 'admin');
    const res = await request(t.app).post('/auth/logout').set('Cookie', me.cookie);
    expect([res.status, res.body.code]).toEqual([403, 'client.csrf_failed']);
    expect((await request(t.app).get('/auth/session').set('Cookie', me.cookie)).body.authenticated).toBe(true);
  });

  test("a wrong token, or another session's token -> 403", async () => {
    const me = await loginAs(t, 'admin');
    const other = await loginAs(t, 'auditeur');
    for (const token of ['x'.repeat(43), other.csrfToken]) {
      const res = await request(t.app).post('/auth/logout').set('Cookie', me.cookie).set('X-CSRF-Token', token);
      expect([res.status, res.body.code]).toEqual([403, 'client.csrf_failed']);
    }
  });

  test('every unsafe route is covered (global middleware): a JSON POST with the cookie and no token -> 403', async () => {
    const me = await loginAs(t, 'admin');
    const res = await request(t.app)
      .post('/v1/organisations')
      .set('Cookie', me.cookie)
      .send({ siret: '13000600000017', name: 'DINUM', kind: 'administration_centrale', roles: ['producer'] });
    expect([res.status, res.body.code]).toEqual([403, 'client.csrf_failed']);
  });

  test('the X-CSRF-Token header passes, and roles from Datapedia decide (admin creates, applicant cannot)', async () => {
    const admin = await loginAs(t, 'admin');
    const body = { siret: '13000600000017', name: 'DINUM', kind: 'administration_centrale', roles: ['producer'] };
    const ok = await request(t.app).post('/v1/organisations').set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrfToken).send(body);
    expect(ok.status).toBe(201);
    const applicant = await loginAs(t, 'ville-lyon-demandeur');
    const no = await request(t.app)
      .post('/v1/organisations')
      .set('Cookie', applicant.cookie)
      .set('X-CSRF-Token', applicant.csrfToken)
      .send({ ...body, siret: '21690123100011' });
    expect([no.status, no.body.code]).toEqual([403, 'client.forbidden']);
  });

  test('a withdrawn role applies to a live session at once (roles are re-read per request)', async () => {
    const me = await loginAs(t, 'cnaf-instructeur');
    await t.db.pool.query(`DELETE FROM memberships WHERE sub = 'cnaf-instructeur'`);
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(res.body.memberships).toEqual([]);
  });
});
