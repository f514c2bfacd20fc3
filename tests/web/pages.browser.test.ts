/**
 * Every page renderer of web/ in a real headless Chromium, served with the DSFR from its package
 * and our /assets/ files, at 1280 and 375 pixels: no serious or critical axe-core violation
 * (WCAG 2 A/AA), no request leaving the origin, the DSFR JavaScript running (mobile menu with
 * « Se déconnecter », confirmation modal).
 */
import express from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../helpers/browser.js';
import { WEB_ASSETS } from '../../web/index.js';
import { renderAllPages } from './page-models.js';

const DSFR_DIR = dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/dist/dsfr.min.css'));
const pages = renderAllPages();
let server: Server;
let origin: string;
let browser: Browser;
const outside: string[] = [];

beforeAll(async () => {
  const app = express();
  app.use('/dsfr', express.static(DSFR_DIR, { index: false }));
  app.get('/assets/:name', (req, res) => {
    const a = WEB_ASSETS[req.params.name];
    if (!a) return void res.status(404).end();
    res.type(a.type).send(a.body);
  });
  app.get('/p/:name', (req, res) => {
    const p = pages[req.params.name];
    if (!p) return void res.status(404).end();
    // Served as they will be once the gateway mounts /assets/ (ASSETS_SERVED).
    res
      .type('html')
      .send(
        p
          .replace('</head>', '<link rel="stylesheet" href="/assets/datapedia.css">\n</head>')
          .replace('</body>', '<script src="/assets/datapedia.js" defer></script>\n</body>'),
      );
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
});

async function contextAt(width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: width > 800 ? 900 : 800 } });
  // The network is closed: any request to another origin is counted and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return context;
}

async function open(page: Page, name: string): Promise<void> {
  await page.goto(`${origin}/p/${name}`);
  // The DSFR module marks the document once its components are started.
  await page.waitForFunction('document.documentElement.hasAttribute("data-fr-js")', undefined, { timeout: 10_000 });
}

describe.each([1280, 375])('at %i px', (width) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await contextAt(width);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('every page: no serious or critical accessibility violation, nothing requested outside the origin', async () => {
    const found: Record<string, string[]> = {};
    for (const name of Object.keys(pages)) {
      await open(page, name);
      const v = await axeViolations(page);
      if (v.length) found[name] = v;
    }
    expect(found).toEqual({});
    expect(outside).toEqual([]);
  }, 240_000);

  test('the header: a menu button and « Se déconnecter » reachable on a small screen', async () => {
    await open(page, 'audit-contrats');
    const logoutInMenu = page.locator('#menu-principal').getByRole('button', { name: 'Se déconnecter' });
    if (width < 992) {
      await expect(page.locator('header .fr-header__tools-links').isVisible()).resolves.toBe(false);
      await page.locator('#bouton-menu').click();
      await page.waitForFunction('document.getElementById("menu-principal").classList.contains("fr-modal--opened")');
      await expect(logoutInMenu.isVisible()).resolves.toBe(true);
      await expect(axeViolations(page)).resolves.toEqual([]);
    } else {
      await expect(page.locator('#bouton-menu').isVisible()).resolves.toBe(false);
      await expect(
        page.locator('header .fr-header__tools-links').getByRole('button', { name: 'Se déconnecter' }).isVisible(),
      ).resolves.toBe(true);
    }
  }, 30_000);

  test('revoking credentials asks for confirmation in a DSFR modal', async () => {
    await open(page, 'demande-erreurs');
    const dialog = page.locator('dialog#revoquer-0');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await page.locator('button[aria-controls="revoquer-0"][data-fr-opened]').click();
    await page.waitForFunction('document.getElementById("revoquer-0").classList.contains("fr-modal--opened")');
    await expect(dialog.getByRole('button', { name: 'Révoquer définitivement' }).isVisible()).resolves.toBe(true);
    await expect(axeViolations(page)).resolves.toEqual([]);
  }, 30_000);
});
