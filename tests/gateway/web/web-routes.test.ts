import express from 'express';
import request from 'supertest';
import { startTestApp, testConfig, type TestApp } from '../../helpers/app.js';
import { mountRoutes } from '../../../gateway/http/route.js';
import { webRoutes } from '../../../gateway/pages/web.js';
import { seedWorld } from '../../contracts/fixtures.js';
import { transitionApi } from '../../../catalog/index.js';
import { loginAs } from '../../helpers/login.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('/assets/', () => {
  it('serves each web asset with its content type, a week of cache and an ETag; 304 when unchanged; 404 otherwise', async () => {
    const css = await request(t.app).get('/assets/datapedia.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=604800');
    expect(css.text).toContain('.dp-proconnect');
    const js = await request(t.app).get('/assets/datapedia.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    const again = await request(t.app).get('/assets/datapedia.css').set('If-None-Match', css.headers.etag!);
    expect(again.status).toBe(304);
    expect((await request(t.app).get('/assets/toString')).status).toBe(404);
    expect((await request(t.app).get('/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('pages link to the assets the gateway serves', async () => {
    const home = await request(t.app).get('/accessibilite');
    for (const href of [...home.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
      expect((await request(t.app).get(href)).status).toBe(200);
    }
    expect(home.text).toMatch(/\/assets\/datapedia\.css/);
  });
});

describe('mandatory pages of a State site', () => {
  it('accessibility statement with the real level, legal notice and personal data from the configuration, site map', async () => {
    // The page routes over a configuration of their own (the factory the app mounts).
    const config = testConfig({
      LEGAL_PUBLISHER: 'Direction interministérielle du numérique',
      LEGAL_CONTACT_EMAIL: 'contact@exemple.gouv.fr',
    });
    const app = express();
    mountRoutes(
      app,
      webRoutes(() => ({}), { config }),
    );
    const a11y = await request(app).get('/accessibilite').set('Accept', HTML);
    expect(a11y.status).toBe(200);
    expect(a11y.text).toContain('non conforme');
    expect(a11y.text).toContain('contact@exemple.gouv.fr');
    const legal = await request(app).get('/mentions-legales');
    expect(legal.status).toBe(200);
    expect(legal.text).toContain('Direction interministérielle du numérique');
    const data = await request(app).get('/donnees-personnelles');
    expect(data.status).toBe(200);
    expect(data.text).toContain('dpd@datapedia.invalid');
    const map = await request(app).get('/plan-du-site');
    expect(map.status).toBe(200);
    expect(map.text).toContain('href="/accessibilite"');
  });

  it("without configuration, the app's pages say the instance is a demonstration", async () => {
    for (const path of ['/accessibilite', '/mentions-legales', '/donnees-personnelles', '/plan-du-site']) {
      expect([path, (await request(t.app).get(path).set('Accept', HTML)).status]).toEqual([path, 200]);
    }
    const legal = await request(t.app).get('/mentions-legales');
    expect(legal.text).toContain('démonstration');
  });
});

describe('errors as pages for browsers, problem+json for the API', () => {
  it('an unknown web path asked by a browser is an HTML 404 page; the same path asked as JSON is a problem', async () => {
    const page = await request(t.app).get('/catalogue/api/nexiste-pas').set('Accept', HTML);
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Page introuvable');
    expect(page.text).toMatch(/id="reference">urn:uuid:/);
    const unknown = await request(t.app).get('/nulle-part').set('Accept', HTML);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    const json = await request(t.app).get('/nulle-part').set('Accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    const curl = await request(t.app).get('/nulle-part').set('Accept', '*/*');
    expect(curl.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('API paths keep problem+json even for a browser', async () => {
    for (const path of ['/v1/nexiste-pas', '/exchange/nexiste-pas', '/oauth/nexiste-pas', '/.well-known/nexiste-pas']) {
      const res = await request(t.app).get(path).set('Accept', HTML);
      expect([path, res.headers['content-type']]).toEqual([path, expect.stringMatching(/^application\/problem\+json/)]);
    }
  });

  it('a page refused to a signed-in agent is an HTML 403 page naming the account', async () => {
    const me = await loginAs(t, 'cnaf-instructeur');
    const res = await request(t.app).get('/audit').set('Cookie', me.cookie).set('Accept', HTML);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Accès refusé');
    expect(res.text).toContain('Se déconnecter');
  });

  it('/audit → login → back on /audit (the return address kept, same origin only)', async () => {
    const first = await request(t.app).get('/audit').set('Accept', HTML);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/connexion?retour=%2Faudit');
    const login = await request(t.app).get(first.headers.location!).set('Accept', HTML);
    expect(login.text).toContain('href="/auth/agent/login?retour=%2Faudit"');
    const me = await loginAs(t, 'auditeur', '/audit');
    expect(me.location).toBe('/audit');
    const audit = await request(t.app).get(me.location).set('Cookie', me.cookie).set('Accept', HTML);
    expect(audit.status).toBe(200);
    // A foreign return address is dropped by the login page.
    const evil = await request(t.app).get('/connexion?retour=%2F%2Fevil.example%2F').set('Accept', HTML);
    expect(evil.text).not.toContain('evil.example');
  });
});

describe('catalogue API page', () => {
  it("shows how to call through this gateway, the producer's status and « Demander l’accès »; keeps the page through login", async () => {
    await seedWorld(t.db.pool);
    await transitionApi(t.db.pool, 'cnaf-qf', { to: 'published' });
    const page = await request(t.app).get('/catalogue/api/cnaf-qf').set('Accept', HTML);
    expect(page.status).toBe(200);
    expect(page.text).toContain('http://localhost:3000/exchange/cnaf-qf');
    expect(page.text).toContain('id="etat-producteur"');
    expect(page.text).toContain('id="demander-acces"');
    expect(page.text).toContain('href="/connexion?retour=%2Fcatalogue%2Fapi%2Fcnaf-qf"');
  });
});
