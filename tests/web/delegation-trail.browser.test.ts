/**
 * A delegated exchange as the README prints it, then as the citizen reads it (docs/architecture.md,
 * "Delegations"): the demo world listening on a real port; the README's editor commands (token,
 * call for the CCAS of Lyon) run against it as printed; the event names the editor; the test
 * citizen about whom the call was made logs in through the embedded provider, in headless
 * Chromium, and reads « … (par le logiciel … de l’éditeur …) » for that exchange.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startDemoWorld, type DemoWorld } from '../exchange/demo-world.js';
import { listTestAccounts } from '../../gateway/demo/test-accounts.js';
import { DEMO_EDITOR } from '../../gateway/demo/delegations.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';

const README = readFileSync('README.md', 'utf8');
/** The README's editor commands: `curl -u id:secret ...` for the token, then the exchange URL. */
const block = README.split('EDITOR_TOKEN=$(')[1]!.split('```')[0]!;
const [, clientId, secret] = /curl -s -u ([^:\s]+):(\S+)/.exec(block)!;
const exchangeUrl = /"(http:\/\/localhost:3000\/exchange\/[^"]+)"/.exec(block)![1]!;

let server: Server;
let url: string;
let world: DemoWorld;
let browser: Browser;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  world = await startDemoWorld('delegation-trail', { env: { PUBLIC_URL: url } });
  server.on('request', world.t.app);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await world?.stop();
});

test('the README’s delegated call works as printed, and the citizen’s trail names the editor and its software', async () => {
  expect([clientId, secret]).toEqual([DEMO_EDITOR.clientId, DEMO_EDITOR.secret]);
  const tokenRes = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(tokenRes.status).toBe(200);
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  const res = await fetch(exchangeUrl.replace('http://localhost:3000', url), { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { data?: unknown; code?: string };
  expect([res.status, body.code]).toEqual([200, undefined]);
  const exchangeId = res.headers.get('x-request-id')!;
  const { rows } = await world.t.db.pool.query<{ consumer_siret: string; detail: { delegation: { editorSiret: string } } }>(
    'SELECT consumer_siret, detail FROM ledger_events WHERE id = $1',
    [exchangeId],
  );
  expect(rows[0]!.consumer_siret).toBe(DEMO_ORGANISATIONS.villeLyon.siret);
  expect(rows[0]!.detail.delegation.editorSiret).toBe(DEMO_ORGANISATIONS.solisLogiciels.siret);

  // The person the README names: the test citizen Noé MULLER.
  const params = new URL(exchangeUrl).searchParams;
  const citizen = listTestAccounts().find(
    (a) =>
      a.kind === 'citizen' && a.pivot.family_name === params.get('nomNaissance') && a.pivot.given_name.startsWith(params.get('prenoms[]')!),
  )!;
  expect(citizen).toBeDefined();
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await page.goto(`${url}/moi`);
  await Promise.all([page.waitForNavigation(), page.click('#connexion-franceconnect')]);
  await page.locator(`button[data-account="${citizen.id}"]`).click();
  await page.waitForURL(`${url}/moi`);
  const text = await page.locator(`#echange-${exchangeId}`).innerText();
  expect(text).toContain(
    `${DEMO_ORGANISATIONS.villeLyon.name} (par le logiciel ${DEMO_EDITOR.software} de l’éditeur ${DEMO_ORGANISATIONS.solisLogiciels.name})`,
  );
}, 120_000);
