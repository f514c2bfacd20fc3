/**
 * The counter in a real headless Chromium on the demo world (docs/architecture.md, "Counter"):
 * from /guichet a visitor finds a use case, opens its API in the catalogue and « Demander
 * l’accès » brings them, once signed in, to the request form with that API chosen; an agent of
 * the Ville de Lyon declares a need, the operator publishes it, the CNAF's instructor answers
 * « available » with its API, and the requester turns it into an access request prefilled from
 * the need. Every page visited has no serious or critical axe-core violation (WCAG 2 A/AA) and
 * nothing is requested outside the origin.
 */
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../helpers/browser.js';
import { startListeningApp } from '../gateway/identity/listening-app.js';
import { seedDemo } from '../../gateway/demo/index.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
let browser: Browser;
const outside: string[] = [];
const violations: Record<string, string[]> = {};

beforeAll(async () => {
  world = await startListeningApp();
  world.t.clock.set(new Date());
  await seedDemo(world.t.db.pool, pino({ level: 'silent' }), world.t.deps.config);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function closedContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(world.url) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return context;
}

/** Waits for the DSFR to start, then records the page's accessibility violations under `key`. */
async function check(page: Page, key: string): Promise<void> {
  await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")', undefined, { timeout: 10_000 });
  const v = await axeViolations(page);
  if (v.length) violations[key] = v;
}

async function signIn(page: Page, account: string, retour: string): Promise<void> {
  await page.goto(`${world.url}/auth/agent/login?retour=${encodeURIComponent(retour)}`);
  await page.locator(`button[data-account="${account}"]`).click();
  await page.waitForURL(`${world.url}${retour}`);
}

test('use case → its API → « Demander l’accès » prefilled; a need filed, published, answered « available », turned into a request', async () => {
  const lyon = await (await closedContext()).newPage();

  // A visitor: the entry page, the use cases, a search, one use case, its API.
  await lyon.goto(`${world.url}/guichet`);
  await check(lyon, '/guichet');
  expect(await lyon.locator('#delai-median').textContent()).toContain('délai médian');
  await Promise.all([lyon.waitForURL(`${world.url}/guichet/cas-usage`), lyon.locator('main a[href="/guichet/cas-usage"]').first().click()]);
  await check(lyon, '/guichet/cas-usage');
  await lyon.fill('#q', 'cantine');
  await Promise.all([lyon.waitForURL(/\/guichet\/cas-usage\?q=cantine$/), lyon.locator('#recherche-cas button').click()]);
  expect(await lyon.locator('#cas-usage .fr-card__title').allTextContents()).toEqual([
    'Tarif de la cantine scolaire selon le quotient familial',
  ]);
  await Promise.all([
    lyon.waitForURL(`${world.url}/guichet/cas-usage/tarif-cantine-quotient-familial`),
    lyon.getByRole('link', { name: 'Tarif de la cantine scolaire selon le quotient familial' }).click(),
  ]);
  await check(lyon, 'cas d’usage');
  expect(await lyon.locator('#pieces-avant li').allTextContents()).toContain('Attestation de quotient familial de la CAF');
  await Promise.all([
    lyon.waitForURL(`${world.url}/catalogue/api/cnaf-quotient-familial`),
    lyon.locator('#api-du-cas a[href="/catalogue/api/cnaf-quotient-familial"]').click(),
  ]);
  // The API's catalogue page links back to the use cases that rely on it.
  expect(await lyon.locator('#cas-usage-api a').allTextContents()).toContain('Tarif de la cantine scolaire selon le quotient familial');
  // « Demander l’accès »: the login page keeps the way back, ProConnect, then the form with the API chosen.
  await Promise.all([lyon.waitForURL(/\/connexion\?retour=/), lyon.locator('#demander-acces').click()]);
  await Promise.all([lyon.waitForNavigation(), lyon.locator('a[href^="/auth/agent/login?retour="]').first().click()]);
  await lyon.locator('button[data-account="ville-lyon-demandeur"]').click();
  await lyon.waitForURL(`${world.url}/espace?api=cnaf-quotient-familial`);
  expect(await lyon.locator('#apiSlug').inputValue()).toBe('cnaf-quotient-familial');

  // The agent declares a need (the address to be told of the answer is their own, prefilled).
  await lyon.goto(`${world.url}/guichet/besoins`);
  await check(lyon, '/guichet/besoins');
  await Promise.all([lyon.waitForURL(`${world.url}/guichet/besoins/nouveau`), lyon.locator('#declarer').click()]);
  await check(lyon, '/guichet/besoins/nouveau');
  expect(await lyon.locator('#notifyEmail').inputValue()).toBe('ville-lyon-demandeur@demo.datapedia.gouv.fr');
  const title = 'Le quotient familial des familles inscrites à l’école de musique';
  await lyon.fill('#title', title);
  await lyon.fill('#purpose', 'Appliquer le tarif social de l’école de musique sans demander l’attestation CAF.');
  await lyon.fill('#legalBasis', 'Code des relations entre le public et l’administration, article L. 114-8');
  await lyon.fill('#expectedVolume', '1 200 familles par an');
  await Promise.all([lyon.waitForURL(/\/guichet\/besoins\/[0-9a-f-]{36}\?info=besoin$/), lyon.locator('#envoyer-besoin').click()]);
  await check(lyon, 'besoin déclaré');
  const needPath = new URL(lyon.url()).pathname;
  const needId = needPath.split('/').pop()!;

  // Unpublished: the public does not see it.
  const visitor = await (await closedContext()).newPage();
  expect((await visitor.goto(`${world.url}${needPath}`))?.status()).toBe(404);

  // The operator publishes it.
  const admin = await (await closedContext()).newPage();
  await signIn(admin, 'admin', '/guichet/moderation');
  await check(admin, '/guichet/moderation');
  await Promise.all([admin.waitForURL(/\/guichet\/moderation\?info=modere$/), admin.locator(`#publier-${needId}`).click()]);
  expect((await visitor.goto(`${world.url}${needPath}`))?.status()).toBe(200);
  await check(visitor, 'besoin publié (public)');

  // The CNAF's instructor answers « available » with its API.
  const cnaf = await (await closedContext()).newPage();
  await signIn(cnaf, 'cnaf-instructeur', needPath);
  await check(cnaf, 'besoin (producteur)');
  await cnaf.locator('#reponse-disponible').check();
  await cnaf.selectOption('#reponse-api', 'cnaf-quotient-familial');
  await Promise.all([cnaf.waitForURL(`${world.url}${needPath}?info=reponse`), cnaf.locator('#envoyer-reponse').click()]);
  expect(await cnaf.locator('[data-answer]').first().getAttribute('data-answer')).toBe('available');

  // The requester turns it into an access request, prefilled from the need.
  await lyon.goto(`${world.url}${needPath}`);
  await check(lyon, 'besoin (demandeur)');
  expect(await lyon.locator('#api-disponible').getAttribute('href')).toBe('/catalogue/api/cnaf-quotient-familial');
  await Promise.all([
    lyon.waitForURL(/\/espace\/habilitations\/[0-9a-f-]{36}\?info=cree$/),
    lyon.locator('#transformer-en-demande').click(),
  ]);
  expect(await lyon.locator('#f-intitule').inputValue()).toBe(title);
  const outbox = await world.t.db.pool.query(`SELECT recipient FROM notify_outbox WHERE kind = 'need_answered'`);
  expect(outbox.rows).toEqual([{ recipient: 'ville-lyon-demandeur@demo.datapedia.gouv.fr' }]);

  expect(violations).toEqual({});
  expect(outside).toEqual([]);
}, 180_000);

test('the public pages of the counter on a small screen: no serious or critical accessibility violation', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const found: Record<string, string[]> = {};
  for (const path of ['/guichet', '/guichet/cas-usage', '/guichet/cas-usage/marche-public-donnees-entreprise', '/guichet/besoins']) {
    expect((await page.goto(`${world.url}${path}`))?.status()).toBe(200);
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")', undefined, { timeout: 10_000 });
    const v = await axeViolations(page);
    if (v.length) found[path] = v;
  }
  await context.close();
  expect(found).toEqual({});
}, 120_000);
