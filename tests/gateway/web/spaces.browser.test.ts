/**
 * Each space of the real gateway (catalogue, espace, moi, audit) in headless Chromium at 1280
 * and 375 px, signed in through the embedded provider: its main pages with no serious or critical
 * axe-core violation (WCAG 2 A/AA), no request leaving the origin, the header's menu and
 * « Se déconnecter » (in the mobile menu at 375 px) and a real logout; the empty request form
 * answers with French messages next to its fields; and no English state code in what a person
 * reads on any page visited.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../../helpers/browser.js';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { transitionApi } from '../../../catalog/index.js';
import { startListeningApp } from '../identity/listening-app.js';
import { seedWorld } from '../../contracts/fixtures.js';

const ENGLISH_CODES = [
  'draft',
  'submitted',
  'changes_requested',
  'validated',
  'refused',
  'superseded',
  'pending',
  'active',
  'suspended',
  'revoked',
  'expired',
  'paused',
  'accepted',
  'served',
  'denied',
  'failed',
  'open',
  'closed',
  'investigating',
  'OPEN',
  'RESTRICTED',
  'restricted',
  'controller',
  'dpo',
  'applicant',
  'instructor',
  'admin',
  'auditor',
  'operator',
  'highly_sensitive',
  'sensitive',
  'legal_basis',
  'consent_required',
  'published',
  'deprecated',
  'retired',
  'person',
  'company',
  'client_secret_basic',
  'private_key_jwt',
  'undefined',
  'null',
  'NaN',
  'object Object',
];
const PATTERN = new RegExp(`(?<![\\w/.@-])(${ENGLISH_CODES.join('|')})(?![\\w/@-])`, 'g');

/** Evaluated in the page (a string: the tests are type-checked without the DOM library). */
const READABLE_TEXT = `(() => {
  const clone = document.body.cloneNode(true);
  for (const n of clone.querySelectorAll('code, pre, script, style')) n.remove();
  const attrs = [...clone.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
    .map((n) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => n.getAttribute(a) || '').join(' ')).join(' ');
  return ((clone.textContent || '') + ' ' + attrs).replace(/\\s+/g, ' ');
})()`;

let world: Awaited<ReturnType<typeof startListeningApp>>;
let browser: Browser;
/** What a person reads on each page visited (text and accessible names, without code samples). */
const read: Record<string, string> = {};

beforeAll(async () => {
  world = await startListeningApp();
  await seedWorld(world.t.db.pool);
  await transitionApi(world.t.db.pool, 'cnaf-qf', { to: 'published' });
  await seedDemoIdentity(world.t.db.pool);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function closedContext(width: number, outside: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: width > 800 ? 900 : 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(world.url) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return context;
}

/** Opens a path, waits for the DSFR to start, records what it reads and its violations. */
async function visit(page: Page, path: string, found: Record<string, string[]>, key: string): Promise<void> {
  const res = await page.goto(`${world.url}${path}`);
  expect([path, res?.status()]).toEqual([path, 200]);
  await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")', undefined, { timeout: 10_000 });
  await capture(page, key, found);
}

async function capture(page: Page, key: string, found: Record<string, string[]>): Promise<void> {
  read[key] = (await page.evaluate(READABLE_TEXT)) as string;
  const v = await axeViolations(page);
  if (v.length) found[key] = v;
}

/** Signs in through the embedded provider's « choisir un compte de test » page; lands on `retour`. */
async function signIn(page: Page, kind: 'agent' | 'citizen', account: string, retour: string): Promise<void> {
  await page.goto(`${world.url}/auth/${kind}/login?retour=${encodeURIComponent(retour)}`);
  await page.locator(`button[data-account="${account}"]`).click();
  await page.waitForURL(`${world.url}${retour}`);
}

/** The header's « Se déconnecter »: in the mobile menu below 992 px (opened by its button), in the tools otherwise; then a real logout. */
async function menuAndLogout(page: Page, width: number, key: string, found: Record<string, string[]>): Promise<void> {
  if (width < 992) {
    await expect(page.locator('header .fr-header__tools-links').isVisible()).resolves.toBe(false);
    await page.locator('#bouton-menu').click();
    await page.waitForFunction('document.getElementById("menu-principal").classList.contains("fr-modal--opened")');
    await capture(page, `${key} (menu)`, found);
    const logout = page.locator('#menu-principal').getByRole('button', { name: 'Se déconnecter' });
    await expect(logout.isVisible()).resolves.toBe(true);
    await Promise.all([page.waitForNavigation(), logout.click()]);
  } else {
    const logout = page.locator('header .fr-header__tools-links').getByRole('button', { name: 'Se déconnecter' });
    await expect(logout.isVisible()).resolves.toBe(true);
    await Promise.all([page.waitForNavigation(), logout.click()]);
  }
  // The provider may ask to confirm its own logout.
  const confirm = page.getByRole('button', { name: /déconnecter|Oui/i });
  if (page.url().includes('/idp/') && (await confirm.count())) await Promise.all([page.waitForNavigation(), confirm.first().click()]);
  const session = (await page.evaluate(async () => (await fetch('/auth/session')).json())) as { authenticated: boolean };
  expect(session.authenticated).toBe(false);
}

describe.each([1280, 375])('at %i px', (width) => {
  test('catalogue: home, API page, dictionary', async () => {
    const outside: string[] = [];
    const found: Record<string, string[]> = {};
    const context = await closedContext(width, outside);
    const page = await context.newPage();
    await visit(page, '/', found, `catalogue accueil ${width}`);
    await visit(page, '/catalogue/api/cnaf-qf', found, `catalogue api ${width}`);
    await visit(page, '/catalogue/donnees', found, `catalogue données ${width}`);
    await visit(page, '/accessibilite', found, `accessibilité ${width}`);
    await context.close();
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 90_000);

  test('espace: dashboard, a new request, the empty form submitted (French messages at the fields), menu and logout', async () => {
    const outside: string[] = [];
    const found: Record<string, string[]> = {};
    const context = await closedContext(width, outside);
    const page = await context.newPage();
    await signIn(page, 'agent', 'ville-lyon-demandeur', '/espace');
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    await capture(page, `espace ${width}`, found);
    // The consent requests page, reached from the dashboard's shortcuts.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/espace/consentements"]')]);
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    await capture(page, `consentements ${width}`, found);
    await visit(page, '/espace', found, `espace retour ${width}`);
    await page.selectOption('#apiSlug', 'cnaf-qf');
    await Promise.all([page.waitForNavigation(), page.click('#creer')]);
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    expect(await page.locator('#message').textContent()).toContain('Votre demande a été créée');
    await capture(page, `demande ${width}`, found);
    // Submitting the empty form: messages in French, attached to their fields.
    await Promise.all([page.waitForNavigation(), page.click('#soumettre')]);
    const intitule = page.locator('.fr-input-group--error:has(#f-intitule) .fr-error-text');
    await expect(intitule.textContent()).resolves.toMatch(/obligatoire/);
    await expect(page.locator('#f-intitule').getAttribute('aria-describedby')).resolves.toBeTruthy();
    const messages = await page.locator('.fr-error-text').allTextContents();
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(m).not.toMatch(/must|required|should|property/i);
    await capture(page, `demande erreurs ${width}`, found);
    await menuAndLogout(page, width, `demande ${width}`, found);
    await context.close();
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 120_000);

  test('moi: the citizen space, menu and logout', async () => {
    const outside: string[] = [];
    const found: Record<string, string[]> = {};
    const context = await closedContext(width, outside);
    const page = await context.newPage();
    await signIn(page, 'citizen', 'citoyen-1', '/moi');
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    await capture(page, `moi ${width}`, found);
    await menuAndLogout(page, width, `moi ${width}`, found);
    await context.close();
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 90_000);

  test('audit: /audit → login → back on /audit; contracts and register; menu and logout', async () => {
    const outside: string[] = [];
    const found: Record<string, string[]> = {};
    const context = await closedContext(width, outside);
    const page = await context.newPage();
    await page.goto(`${world.url}/audit`);
    await page.waitForURL(`${world.url}/connexion?retour=%2Faudit`);
    await Promise.all([page.waitForNavigation(), page.locator('a[href="/auth/agent/login?retour=%2Faudit"]').first().click()]);
    await page.locator('button[data-account="auditeur"]').click();
    await page.waitForURL(`${world.url}/audit`);
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    await capture(page, `audit ${width}`, found);
    await visit(page, '/audit/registre', found, `audit registre ${width}`);
    await menuAndLogout(page, width, `audit ${width}`, found);
    await context.close();
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 90_000);

  test('guichet: the entry page, use cases, needs and a need form after login; menu and logout', async () => {
    const outside: string[] = [];
    const found: Record<string, string[]> = {};
    const context = await closedContext(width, outside);
    const page = await context.newPage();
    await visit(page, '/guichet', found, `guichet ${width}`);
    await visit(page, '/guichet/cas-usage', found, `guichet cas d’usage ${width}`);
    await visit(page, '/guichet/besoins', found, `guichet besoins ${width}`);
    await visit(page, '/guichet/indicateurs', found, `guichet indicateurs ${width}`);
    await signIn(page, 'agent', 'ville-lyon-demandeur', '/guichet/besoins/nouveau');
    await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")');
    await capture(page, `guichet nouveau besoin ${width}`, found);
    await menuAndLogout(page, width, `guichet ${width}`, found);
    await context.close();
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 120_000);
});

test('no English state code in what a person reads on any page visited', () => {
  expect(Object.keys(read).length).toBeGreaterThanOrEqual(26);
  for (const text of Object.values(read)) expect(text).toContain('République');
  const leaks = Object.fromEntries(
    Object.entries(read)
      .map(([k, text]) => [k, [...text.matchAll(PATTERN)].map((m) => m[0])])
      .filter(([, l]) => l.length > 0),
  );
  expect(leaks).toEqual({});
});
