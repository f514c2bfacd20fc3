/**
 * The indicators page and the producer's report in a real headless Chromium: no serious or
 * critical axe-core violation (WCAG 2 A/AA), the charts exposed as images with their names.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { axeViolations, launchChromium } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, CNAF, GIRONDE, LYON, seedWorld } from '../contracts/fixtures.js';
import { appendWith, exchangeEvent, knownLedger, seedDgfipApi } from './world.js';

let t: TestApp;
let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
  await seedDgfipApi(t.db.pool);
  await appendWith((at, over) => t.deps.ledger.append(exchangeEvent(at, over, LYON, CNAF)), knownLedger(LYON, GIRONDE));
  await t.services.indicators.rollup.runOnce();
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await t?.stop();
});

test('/guichet/indicateurs: axe-core clean, two charts named as images', async () => {
  const page = await browser.newPage();
  await page.goto(`${url}/guichet/indicateurs`);
  expect(await page.getByRole('img', { name: 'Taux de succès du recours par mois, avec la cible de 80 %' }).count()).toBe(1);
  expect(await page.getByRole('img', { name: 'Échanges tentés par mois' }).count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

test('/espace/indicateurs: the producer’s report is axe-core clean', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Test-Principal': 'ivan' } });
  const page = await context.newPage();
  const res = await page.goto(`${url}/espace/indicateurs?siret=${CNAF}&mois=2026-10`);
  expect(res?.status()).toBe(200);
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});
