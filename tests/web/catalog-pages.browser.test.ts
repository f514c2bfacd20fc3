import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { listEndpoints, listVersions } from '../../catalog/index.js';
import { seedDemoIdentity } from '../../gateway/demo/identity.js';
import { startListeningApp } from '../gateway/identity/listening-app.js';
import { fixture } from '../catalog/helpers.js';
import { seedCatalogWorld } from './catalog-fixtures.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
let url: string;
let browser: Browser;
beforeAll(async () => {
  world = await startListeningApp();
  url = world.url;
  await seedCatalogWorld(world.t.db.pool);
  await seedDemoIdentity(world.t.db.pool);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

function watch(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
}

describe('catalogue pages in a real headless Chromium', () => {
  test('search, open an API page, its endpoints are listed; then a data element; no console error', async () => {
    const errors: string[] = [];
    const page = await browser.newPage();
    watch(page, errors);
    page.on('requestfailed', (r) => errors.push(`${r.url()} ${r.failure()?.errorText}`));

    await page.goto(`${url}/`);
    await page.fill('#q', 'quotient familial');
    await Promise.all([page.waitForURL(/\?q=quotient/), page.click('#search-catalogue button[type=submit]')]);
    const apiHit = page.locator('#resultats li[data-kind="api"] a').first();
    await apiHit.waitFor();
    await Promise.all([page.waitForURL(/\/catalogue\/api\//), apiHit.click()]);

    const slug = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const expected = await listEndpoints(world.t.db.pool, slug);
    expect(expected.length).toBeGreaterThan(0);
    const rows = page.locator('#points-acces tbody tr');
    expect(await rows.count()).toBe(expected.length);
    for (const e of expected) await page.locator(`#points-acces tr[data-operation-id="${e.operationId}"]`).waitFor();

    const element = page.locator('a[href^="/catalogue/donnees/"]').first();
    await Promise.all([page.waitForURL(/\/catalogue\/donnees\//), element.click()]);
    await page.locator('h1').waitFor();
    await page.goto(`${url}/catalogue/donnees`);
    await page.goto(`${url}/?q=siren&subjectKind=company`);
    await page.locator('#resultats').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  test('the producer’s instructor imports a new version from the web page; errors list their pointers', async () => {
    const errors: string[] = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    watch(page, errors);
    await page.goto(`${url}/catalogue/api/cnaf-quotient-familial/import`);
    // Anonymous: the login page keeps the page asked for, then ProConnect (the embedded provider).
    const retour = encodeURIComponent('/catalogue/api/cnaf-quotient-familial/import');
    await page.waitForURL(`${url}/connexion?retour=${retour}`);
    await Promise.all([page.waitForNavigation(), page.locator(`a[href="/auth/agent/login?retour=${retour}"]`).first().click()]);
    await page.locator('button[data-account="cnaf-instructeur"]').click();
    await page.waitForURL(`${url}/catalogue/api/cnaf-quotient-familial/import`);
    const before = (await listVersions(world.t.db.pool, 'cnaf-quotient-familial')).length;

    await page.setInputFiles('#document', {
      name: 'casse.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(fixture('broken-ref.yaml')),
    });
    await page.click('#importer');
    await page.locator('#resultat .fr-alert--error').waitFor();
    expect(await page.locator('#resultat').textContent()).toContain('/paths/~1b/get/responses/200');
    expect((await listVersions(world.t.db.pool, 'cnaf-quotient-familial')).length).toBe(before);

    await page.setInputFiles('#document', {
      name: 'famille.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(fixture('family-v1.yaml')),
    });
    await page.click('#importer');
    await page.locator('#resultat .fr-alert--success').waitFor();
    expect(await page.locator('#resultat').textContent()).toMatch(/Version 1\.0\.0 importée/);
    expect((await listVersions(world.t.db.pool, 'cnaf-quotient-familial')).length).toBe(before + 1);
    // The 422 of the first attempt is logged by Chromium as a failed resource; nothing else may be.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
