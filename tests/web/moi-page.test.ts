/** `/moi` rendered on the server: who sees what, forms (CSRF, PRG), escaping, notices. */
import request from 'supertest';
import { grantConsent } from '../../consent/index.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from '../consent/world.js';

let w: ConsentWorld;
let me: LoginResult;
let other: LoginResult;
let consentId = '';
let otherConsent = '';
const A = citizen('citoyen-1');
const B = citizen('citoyen-2');

beforeAll(async () => {
  w = await startConsentWorld();
  [me, other] = [await loginAs(w.t, 'citoyen-1'), await loginAs(w.t, 'citoyen-2')];
  const ctx = w.t.services.consent.ctx;
  const until = new Date(w.t.clock.now().getTime() + 30 * 86_400_000);
  consentId = (
    await grantConsent(ctx, {
      subjectRef: w.refOf(A.pivot),
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: API,
      purpose: 'Cantine',
      validUntil: until,
      actor: { kind: 'citizen', id: 'x' },
    })
  ).id;
  otherConsent = (
    await grantConsent(ctx, {
      subjectRef: w.refOf(B.pivot),
      subjectKind: 'person',
      consumerSiret: LYON,
      apiSlug: API,
      purpose: 'Cantine',
      validUntil: until,
      actor: { kind: 'citizen', id: 'y' },
    })
  ).id;
  await w.exchange('c-lyon', A.pivot, { context: '<script>alert(1)</script>' });
});
afterAll(async () => {
  await w.stop();
});

const page = (login: LoginResult | null, q = '') => {
  const r = request(w.t.app).get(`/moi${q}`);
  return login ? r.set('Cookie', login.cookie) : r;
};
const form = (login: LoginResult, path: string, body: Record<string, string> = { _csrf: login.csrfToken }) =>
  request(w.t.app).post(path).set('Cookie', login.cookie).type('form').send(body);

describe('who sees what', () => {
  test('anonymous: an explanation and the FranceConnect button, no data', async () => {
    const res = await page(null);
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/auth/citizen/login?retour=%2Fmoi"');
    expect(res.text).not.toContain('data-exchange');
  });

  test('an agent: 403 page (the space is a person’s own)', async () => {
    const agent = await loginAs(w.t, 'ville-lyon-demandeur');
    const res = await page(agent);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Espace réservé aux particuliers');
  });

  test('the citizen: French page, headings, labelled filters, CSRF token in every POST form, values escaped', async () => {
    const res = await page(me);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="fr"');
    expect(res.text).toMatch(/<h1>Qui a consulté mes données \?<\/h1>/);
    for (const id of ['filtre-du', 'filtre-au', 'filtre-administration', 'filtre-donnee'])
      expect(res.text).toContain(`<label class="fr-label" for="${id}">`);
    const posts = res.text.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const f of posts) expect(f).toContain(`name="_csrf" value="${me.csrfToken}"`);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('bad filters show a notice rather than an error page', async () => {
    const res = await page(me, '?du=demain');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Filtres invalides');
  });
});

describe('forms: CSRF, Post/Redirect/Get, someone else’s ids', () => {
  test('without the CSRF token: 403 client.csrf_failed, nothing changes', async () => {
    const res = await form(me, `/moi/consentements/${consentId}/retirer`, {});
    expect([res.status, res.body.code]).toEqual([403, 'client.csrf_failed']);
  });

  test('another person’s consent: redirected with « introuvable », and it is untouched', async () => {
    const res = await form(me, `/moi/consentements/${otherConsent}/retirer`);
    expect([res.status, res.headers.location]).toEqual([303, '/moi?info=introuvable#consentements']);
    const theirs = await request(w.t.app).get('/v1/me/consents').set('Cookie', other.cookie);
    expect(theirs.body.items[0]).toMatchObject({ id: otherConsent, status: 'active' });
  });

  test('suspend, restore, retire: 303 back to /moi with the notice; an impossible action says so', async () => {
    expect((await form(me, `/moi/consentements/${consentId}/suspendre`)).headers.location).toBe('/moi?info=suspendu#consentements');
    expect((await form(me, `/moi/consentements/${consentId}/retablir`)).headers.location).toBe('/moi?info=retabli#consentements');
    expect((await form(me, `/moi/consentements/${consentId}/retirer`)).headers.location).toBe('/moi?info=revoque#consentements');
    expect((await form(me, `/moi/consentements/${consentId}/retablir`)).headers.location).toBe('/moi?info=impossible#consentements');
    const after = await page(me, '?info=revoque');
    expect(after.text).toContain('Votre consentement est retiré');
    expect(after.text).toMatch(new RegExp(`data-consent="${consentId}"[\\s\\S]*?data-status="revoked"`));
    expect((await form(me, `/moi/consentements/${consentId}/detruire`)).status).toBe(404);
  });
});
