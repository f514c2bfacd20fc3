import type { Browser } from 'playwright-core';
import { launchChromium, axeViolations } from '../../helpers/browser.js';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { findTestAccount } from '../../../gateway/demo/test-accounts.js';
import { startListeningApp } from './listening-app.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
let browser: Browser;
beforeAll(async () => {
  world = await startListeningApp();
  await seedDemoIdentity(world.t.db.pool);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world.close();
});

describe("in a real browser, an agent logs in through the provider's page and sees their name", () => {
  test('ProConnect button -> "choisir un compte de test" -> signed in, then logged out, no console error', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${world.url}/connexion`);
      await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
      await page.waitForURL(/\/idp\/interaction\//);
      await page.getByRole('heading', { level: 1, name: 'Choisir un compte de test' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('button[data-account="cnaf-instructeur"]').click();
      // Default landing page of agents is /espace (another part); come back to /connexion to read the name.
      await page.waitForURL((u) => !u.pathname.startsWith('/idp') && !u.pathname.startsWith('/auth'));
      expect(page.url().startsWith(world.url)).toBe(true);
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === 'dp_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      await page.goto(`${world.url}/connexion`);
      const a = findTestAccount('cnaf-instructeur')!;
      const name = a.kind === 'agent' ? `${a.given_name} ${a.usual_name}` : '';
      await expect(page.getByTestId('user-name').textContent()).resolves.toBe(name);
      expect(await page.evaluate('document.cookie')).not.toContain('dp_session'); // HttpOnly
      expect(await axeViolations(page)).toEqual([]);
      // Logout from the header (form with the CSRF token), then the provider's confirmation.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('button', { name: 'Oui, me déconnecter' }).click();
      await page.waitForURL((u) => u.origin === world.url && u.pathname === '/');
      await page.goto(`${world.url}/connexion`);
      expect(await page.getByTestId('user-name').count()).toBe(0);
      expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  test('a citizen logs in with the FranceConnect button and lands on the page asked', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      await page.goto(`${world.url}/auth/citizen/login?retour=/connexion`);
      await page.locator('button[data-account="citoyen-1"]').click();
      await page.waitForURL(`${world.url}/connexion`);
      const a = findTestAccount('citoyen-1')!;
      const name = a.kind === 'citizen' ? `${a.pivot.given_name} ${a.pivot.family_name}` : '';
      await expect(page.getByTestId('user-name').textContent()).resolves.toBe(name);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
