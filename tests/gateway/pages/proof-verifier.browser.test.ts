/**
 * A citizen checks the proof of one exchange about them, in a real headless Chromium: logs in
 * through the embedded provider, downloads « preuve-<id>.json » from their trail on /moi, picks
 * it on /moi/preuve, and the page (its scripts only, under the CSP) says it verifies against the
 * published keys — or against a keys file the person brings; one changed byte and it fails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../../helpers/browser.js';
import { grantConsent } from '../../../consent/index.js';
import { createCheckpoint, listLedgerKeys, loadLedgerSigner } from '../../../ledger/index.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from '../../consent/world.js';

let w: ConsentWorld;
let server: Server;
let url: string;
let browser: Browser;
let dir: string;
const A = citizen('citoyen-1');

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = await startConsentWorld({ publicUrl: url });
  server.on('request', w.t.app);
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), 'dp-preuve-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await w?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function verdict(page: Page, file: string): Promise<{ verdict: string | null; text: string }> {
  // The previous verdict is cleared first, so the one read below is this file's (not a stale one).
  await page.locator('#resultat-verification').evaluate((el) => el.replaceChildren());
  await page.setInputFiles('#fichier-preuve', file);
  await page.click('#verifier-preuve');
  const box = page.locator('#resultat-verification [data-verdict="valide"], #resultat-verification [data-verdict="invalide"]');
  await box.waitFor({ timeout: 15_000 });
  return { verdict: await box.getAttribute('data-verdict'), text: await box.innerText() };
}

test('download the proof of one exchange from /moi; the verifier page says it verifies; a changed byte fails', async () => {
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
  const served = await w.exchange('c-lyon', A.pivot);
  expect(served.status).toBe(200);
  const id = served.headers['x-request-id']!;
  // The next checkpoint covers it (the gateway's writer takes one every few seconds).
  await createCheckpoint(w.t.db.pool, await loadLedgerSigner(w.t.db.pool, { keySecret: w.t.deps.config.KEY_ENCRYPTION_SECRET }), w.t.clock);

  const errors: string[] = [];
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/moi`);
  await Promise.all([page.waitForNavigation(), page.click('#connexion-franceconnect')]);
  await page.locator('button[data-account="citoyen-1"]').click();
  await page.waitForURL(`${url}/moi`);

  // « Télécharger la preuve » on the exchange: the browser saves preuve-<id>.json.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#echange-${id} a[data-preuve]`).click()]);
  expect(download.suggestedFilename()).toBe(`preuve-${id}.json`);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);

  // The verifier page, linked from /moi.
  await Promise.all([page.waitForNavigation(), page.locator('a[href="/moi/preuve"]').first().click()]);
  expect(await page.locator('h1').innerText()).toBe('Vérifier la preuve d’un échange');
  const ok = await verdict(page, file);
  expect(ok.verdict).toBe('valide');
  expect(ok.text).toMatch(
    new RegExp(`La preuve est valide[\\s\\S]*identifiant ${id}[\\s\\S]*point de contrôle n° \\d+[\\s\\S]*clés publiées par Datapedia`),
  );

  // One changed byte: a digit of the recorded object.
  const text = await readFile(file, 'utf8');
  const at = text.indexOf('2026-0042') + 3;
  const changed = join(dir, 'preuve-modifiee.json');
  await writeFile(changed, `${text.slice(0, at)}7${text.slice(at + 1)}`);
  const bad = await verdict(page, changed);
  expect(bad.verdict).toBe('invalide');
  expect(bad.text).toMatch(/La preuve n’est pas valide/);

  // The person's own keys (kept from an earlier visit): the server is not trusted at all.
  const keys = join(dir, 'cles.json');
  await writeFile(keys, JSON.stringify({ keys: await listLedgerKeys(w.t.db.pool) }));
  await page.locator('details summary').click();
  await page.setInputFiles('#fichier-cles', keys);
  const own = await verdict(page, file);
  expect(own.verdict).toBe('valide');
  expect(own.text).toMatch(/vos propres clés/);

  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
