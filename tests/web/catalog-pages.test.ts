import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { listDemoProducers } from '../../connectors/index.js';
import { seedCatalogWorld } from './catalog-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedCatalogWorld(t.db.pool);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

describe('catalogue pages (server-rendered, French, DSFR)', () => {
  test('home lists every published demo API and offers the search', async () => {
    const res = await request(t.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="fr"');
    expect(res.text).toContain('id="q"');
    for (const p of listDemoProducers()) expect(res.text).toContain(`/catalogue/api/${p.apiSlug}`);
  });

  test('search results on the home page; the query is escaped', async () => {
    const res = await request(t.app).get('/?q=quotient%20familial');
    expect(res.text).toMatch(/résultat\(s\) pour « quotient familial »/);
    expect(res.text).toContain('/catalogue/donnees/quotient_familial');
    const xss = await request(t.app).get(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(xss.text).not.toContain('<script>alert(1)</script>');
    expect(xss.text).toContain('&lt;script&gt;');
  });

  test('an invalid filter on the page is ignored, never a problem document', async () => {
    const res = await request(t.app).get('/?q=siren&access=secret');
    expect(res.status).toBe(200);
  });

  test('the API page lists endpoints, scopes, data elements and versions', async () => {
    const p = listDemoProducers()[0]!;
    const res = await request(t.app).get(`/catalogue/api/${p.apiSlug}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="points-acces"');
    for (const s of p.catalog.scopes) expect(res.text).toContain(`<code class="fr-text--sm">${s.name}</code>`);
    expect(res.text).toContain('Historique des versions');
  });

  test('a draft API page is not found for the public', async () => {
    await request(t.app).post('/v1/catalog/apis').set(adminAuth).send({
      slug: 'brouillon-web',
      producerSiret: '18000100000017',
      title: 'Brouillon',
      access: 'open',
      sensitivity: 'standard',
      subjectKind: 'none',
      consentPolicy: 'none',
    });
    expect((await request(t.app).get('/catalogue/api/brouillon-web')).status).toBe(404);
  });

  test('the data-element page and the dictionary', async () => {
    const res = await request(t.app).get('/catalogue/donnees/quotient_familial');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Quotient familial');
    expect(res.text).toContain('id="fournisseurs"');
    expect((await request(t.app).get('/catalogue/donnees')).text).toContain('/catalogue/donnees/siren');
    expect((await request(t.app).get('/catalogue/donnees/inconnue')).status).toBe(404);
  });

  test('« Se connecter » brings the visitor back to the catalogue page they were reading', async () => {
    const home = await request(t.app).get('/?q=quotient');
    expect(home.text).toContain(`href="/connexion?retour=${encodeURIComponent('/?q=quotient')}"`);
    const dictionary = await request(t.app).get('/catalogue/donnees');
    expect(dictionary.text).toContain(`href="/connexion?retour=${encodeURIComponent('/catalogue/donnees')}"`);
    const element = await request(t.app).get('/catalogue/donnees/quotient_familial');
    expect(element.text).toContain(`href="/connexion?retour=${encodeURIComponent('/catalogue/donnees/quotient_familial')}"`);
  });
});
