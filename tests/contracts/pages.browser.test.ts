import type { Browser, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../helpers/browser.js';
import { seedDemoIdentity } from '../../gateway/demo/identity.js';
import { startListeningApp } from '../gateway/identity/listening-app.js';
import { seedWorld } from './fixtures.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
let browser: Browser;
beforeAll(async () => {
  world = await startListeningApp();
  await seedWorld(world.t.db.pool);
  await seedDemoIdentity(world.t.db.pool);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world.close();
});

/** A fresh browser session signed in through the embedded provider's "choisir un compte de test" page. */
async function signedIn(account: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${account}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${account}: ${e.message}`));
  await page.goto(`${world.url}/auth/agent/login?retour=/espace`);
  await page.locator(`button[data-account="${account}"]`).click();
  await page.waitForURL(`${world.url}/espace`);
  return page;
}

/** Clicks a submit button and waits for the page the server answers. */
async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function fillContact(page: Page, name: string, given: string): Promise<void> {
  await page.fill(`#f-${name}-given_name`, given);
  await page.fill(`#f-${name}-family_name`, 'Martin');
  await page.fill(`#f-${name}-email`, `${given.toLowerCase()}@lyon.fr`);
}

describe('contract pages in a real headless Chromium (no console error)', () => {
  test('an applicant fills, saves and submits; the producer’s instructor approves with fewer scopes; the applicant gets credentials', async () => {
    const errors: string[] = [];
    const applicant = await signedIn('ville-lyon-demandeur', errors);
    const a11y: Record<string, string[]> = { dashboard: await axeViolations(applicant) };
    await applicant.selectOption('#apiSlug', 'cnaf-qf');
    await submit(applicant, '#creer');
    await applicant.waitForURL(/\/espace\/habilitations\/[0-9a-f-]{36}\?info=cree$/);
    // The contract page, whatever success notice (`?info=`) the redirect after a form adds.
    const contractPath = new URL(applicant.url()).pathname;
    const contractUrl = (u: URL) => u.pathname === contractPath;

    a11y.form = await axeViolations(applicant);
    await applicant.fill('#f-intitule', 'Tarification sociale de la cantine');
    await submit(applicant, '#enregistrer');
    await applicant.waitForURL(contractUrl);
    expect(await applicant.inputValue('#f-intitule')).toBe('Tarification sociale de la cantine');

    await applicant.fill('#f-description', 'Tarif de la restauration scolaire selon le quotient familial.');
    await applicant.click('label[for="f-scope-qf_valeur"]'); // DSFR: the label is what people click
    await applicant.click('label[for="f-scope-qf_annee"]');
    expect(await applicant.isChecked('#f-scope-qf_valeur')).toBe(true);
    await applicant.fill('#f-cadre_juridique_nature', 'CASF, art. L. 123-5');
    await applicant.fill('#f-cadre_juridique_url', 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006796434');
    await applicant.fill('#f-purpose', 'Tarification sociale');
    await applicant.fill('#f-recipients', '21690123100011');
    await applicant.fill('#f-retention_months', '12');
    await applicant.fill('#f-volume_per_minute', '20');
    await applicant.fill('#f-production_date', '2027-01-15');
    for (const [n, g] of [
      ['controller', 'Claire'],
      ['dpo', 'Denis'],
      ['business_contact', 'Bruno'],
      ['technical_contact', 'Theo'],
    ] as const)
      await fillContact(applicant, n, g);
    await submit(applicant, '#soumettre');
    await applicant.waitForURL(contractUrl);
    await applicant.waitForLoadState();
    if (await applicant.locator('.fr-alert--error').count()) throw new Error(await applicant.locator('.fr-alert--error').innerText());
    await expect(applicant.locator('#statut [data-status="submitted"]').count()).resolves.toBe(1);

    const instructor = await signedIn('cnaf-instructeur', errors);
    await Promise.all([
      instructor.waitForNavigation(),
      instructor.locator('a', { hasText: 'Tarification sociale de la cantine' }).first().click(),
    ]);
    await instructor.waitForURL(contractUrl);
    a11y.instruction = await axeViolations(instructor);
    await instructor.click('label[for="g-qf_annee"]');
    expect(await instructor.isChecked('#g-qf_annee')).toBe(false);
    await submit(instructor, '#valider');
    await instructor.waitForURL(contractUrl);
    await expect(instructor.locator('#statut [data-status="active"]').count()).resolves.toBe(1);
    await expect(instructor.locator('#conditions').textContent()).resolves.toContain('qf_valeur');
    await expect(instructor.locator('#conditions').textContent()).resolves.not.toContain('qf_annee');

    await applicant.reload();
    await expect(applicant.locator('#historique').textContent()).resolves.toContain('Validation');
    await submit(applicant, '#obtenir-identifiants');
    await expect(applicant.locator('#client-secret').textContent()).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(applicant.locator('#client-id').textContent()).resolves.toMatch(/^dp_/);

    a11y.credentials = await axeViolations(applicant);
    expect(errors).toEqual([]);
    expect(a11y).toEqual({ dashboard: [], form: [], instruction: [], credentials: [] });
  }, 90_000);
});
