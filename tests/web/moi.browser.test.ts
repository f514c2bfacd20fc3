/**
 * The citizen space end to end, in a real headless Chromium: a test citizen logs in through the
 * embedded OpenID provider, sees the exchanges a test just made about them with the right
 * labels, filters them, accepts a consumer's request, revokes a consent, sees the next exchange
 * refused, reports an access — with no console error and no serious/critical axe violation.
 * The exchanges go through the real exchange route and pipeline, the real ledger writer and
 * the real consent checker (contracts and tokens from the exchange's in-memory adapters).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../helpers/browser.js';
import { grantConsent } from '../../consent/index.js';
import { loginAs } from '../helpers/login.js';
import { startConsentWorld, citizen, LYON, GIRONDE, API, type ConsentWorld } from '../consent/world.js';

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

let w: ConsentWorld;
let server: Server;
let url: string;
let browser: Browser;
const A = citizen('citoyen-1');
const made: { lyon: string[]; gironde: string } = { lyon: [], gironde: '' };

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = await startConsentWorld({ publicUrl: url });
  server.on('request', w.t.app);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await w?.stop();
});

test('a citizen sees, filters, accepts, revokes, sees the refusal and reports — accessibly, without console errors', async () => {
  // The exchanges "a test just made": Lyon under a consent, Gironde refused (no consent yet).
  const ref = w.refOf(A.pivot);
  await grantConsent(w.t.services.consent.ctx, {
    subjectRef: ref,
    subjectKind: 'person',
    consumerSiret: LYON,
    apiSlug: API,
    purpose: 'Tarification sociale de la cantine',
    dataElements: ['quotient_familial'],
    validUntil: new Date(w.t.clock.now().getTime() + 365 * 86_400_000),
    actor: { kind: 'citizen', id: ref },
  });
  for (let i = 0; i < 2; i++) made.lyon.push((await w.exchange('c-lyon', A.pivot)).headers['x-request-id']!);
  const refused = await w.exchange('c-gironde', A.pivot);
  expect(refused.body.code).toBe('client.consent_missing');
  made.gironde = refused.headers['x-request-id']!;
  // Gironde asks for consent.
  const agent = await loginAs(w.t, 'departement-gironde-demandeur');
  const asked = await request(w.t.app)
    .post('/v1/consent-requests')
    .set('Cookie', agent.cookie)
    .set('X-CSRF-Token', agent.csrfToken)
    .send({
      consumerSiret: GIRONDE,
      subject: { kind: 'person', pivot: A.pivot },
      apiSlug: API,
      dataElements: ['quotient_familial'],
      purpose: 'Aide sociale à l’enfance',
      durationDays: 90,
    });
  expect(asked.status).toBe(201);

  const errors: string[] = [];
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const a11y: Record<string, string[]> = {};

  // Anonymous: the page explains and offers FranceConnect; the embedded provider plays it.
  await page.goto(`${url}/moi`);
  a11y.anonymous = await axeViolations(page);
  await submit(page, '#connexion-franceconnect');
  await page.locator('button[data-account="citoyen-1"]').click();
  await page.waitForURL(`${url}/moi`);
  expect(await page.locator('h1').textContent()).toBe('Qui a consulté mes données ?');
  a11y.trail = await axeViolations(page);

  // The exchanges just made, newest first, with names and labels.
  const shown = await page.locator('[data-exchange]').evaluateAll((els) => els.map((e) => e.getAttribute('data-exchange')));
  expect(shown).toEqual([made.gironde, ...[...made.lyon].reverse()]);
  const lyonText = await page.locator(`#echange-${made.lyon[0]}`).innerText();
  expect(lyonText).toMatch(/Ville de Lyon/);
  expect(lyonText).toMatch(/[Qq]uotient familial/);
  expect(lyonText).toMatch(/Base légale : Article L\. 312-1 CRPA/);
  expect(lyonText).toMatch(/Données transmises/i); // (DSFR badges are upper-cased by CSS)
  expect(lyonText).not.toMatch(/1234|\/quotient_familial/);
  expect(await page.locator(`#echange-${made.gironde} [data-outcome]`).textContent()).toMatch(/^Refusé/);

  // Filters by administration.
  await page.selectOption('#filtre-administration', LYON);
  await submit(page, '#appliquer-filtres');
  expect(await page.locator('[data-exchange]').count()).toBe(2);
  expect(page.url()).toContain(`administration=${LYON}`);
  a11y.filtered = await axeViolations(page);
  await page.goto(`${url}/moi`);

  // Accepts Gironde's request: Gironde's next exchange is served.
  await submit(page, `[data-request="${asked.body.id}"] button:has-text("Accepter")`);
  expect(await page.locator('#message').innerText()).toMatch(/accepté/);
  expect((await w.exchange('c-gironde', A.pivot)).status).toBe(200);

  // Revokes the Lyon consent: the next exchange of Lyon is refused, and the trail says so.
  const lyonConsent = page.locator('[data-consent]', { hasText: 'Ville de Lyon' });
  await submit(page, `[data-consent="${await lyonConsent.getAttribute('data-consent')}"] button:has-text("Retirer mon consentement")`);
  expect(await page.locator('#message').innerText()).toMatch(/retiré/);
  expect(
    await page.locator(`[data-consent="${await lyonConsent.getAttribute('data-consent')}"] [data-status]`).getAttribute('data-status'),
  ).toBe('revoked');
  const next = await w.exchange('c-lyon', A.pivot);
  expect([next.status, next.body.code]).toEqual([403, 'client.consent_revoked']);
  await page.goto(`${url}/moi`);
  const newest = page.locator('[data-exchange]').first();
  expect(await newest.getAttribute('data-exchange')).toBe(next.headers['x-request-id']);
  expect(await newest.locator('[data-outcome]').textContent()).toMatch(/vous aviez retiré votre consentement/);
  a11y.afterRevoke = await axeViolations(page);

  // Reports one access: keyboard only (summary, textarea, button).
  const target = page.locator(`#echange-${made.lyon[1]}`);
  await target.locator('summary').focus();
  await page.keyboard.press('Enter');
  await target.locator('textarea').fill('Je n’ai fait aucune démarche auprès de la ville.');
  await Promise.all([page.waitForNavigation(), target.locator('button[type="submit"]').press('Enter')]);
  // The confirmation step: nothing is filed before it.
  expect(await page.locator('h1').innerText()).toBe('Confirmer le signalement');
  a11y.reportConfirmation = await axeViolations(page);
  await page.locator('button:has-text("Confirmer et envoyer le signalement")').focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(await page.locator('#message').innerText()).toMatch(/signalement est envoyé/);
  expect(await page.locator('[data-report] [data-status]').first().textContent()).toMatch(/examen/);
  a11y.afterReport = await axeViolations(page);
  await page.goto(`${url}/moi`);
  expect(await page.locator(`#echange-${made.lyon[1]} [data-report]`).textContent()).toMatch(/Signalé/);

  expect(errors).toEqual([]);
  expect(a11y).toEqual({ anonymous: [], trail: [], filtered: [], afterRevoke: [], reportConfirmation: [], afterReport: [] });
}, 120_000);
