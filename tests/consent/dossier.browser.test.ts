/**
 * The citizen's dossier in a real headless Chromium, on the composed app with the demo world
 * (catalogue, validated contracts, the producers' real backends, the real ledger writer): the
 * parent of the demo world logs in with the embedded FranceConnect stand-in and
 * - objects to the proactive CNAF API → the Ville de Lyon's next call (its demo credentials,
 *   /oauth/token, /exchange) is refused `client.subject_objected` → the refusal shows in the
 *   trail → withdraws → the next call is served;
 * - opens "Mes données" for the CNAF: sees their quotient familial; the trail then shows that
 *   consultation; no table of the database holds the values;
 * - reports an exchange (confirmation step), the auditor reads the message on the case's
 *   reports page and answers, the citizen reads the answer;
 * - switches to their minor child's dossier: sees the child's trail, not another person's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { listDemoPeople, listDemoWorldPeople, startDemoProducers, type DemoProducersRuntime } from '../../connectors/index.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { identityParameters, seedDemoRepresentation, type DemoRepresentation } from '../../consent/index.js';
import { subjectRef, type PersonPivot } from '../../schemas/index.js';
import { qs } from '../support/exchange-world.js';

const API = 'cnaf-quotient-familial';
const LYON = '21690123100011';

let t: TestApp;
let server: Server;
let url: string;
let browser: Browser;
let demo: DemoProducersRuntime;
let dataDir: string;
let rep: DemoRepresentation;
let account: string;
let stranger: PersonPivot;

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** Logs in through the embedded provider's account chooser (the FranceConnect or ProConnect button). */
async function login(ctx: BrowserContext, path: string, button: string, accountId: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${url}${path}`);
  await submit(page, button);
  await page.locator(`button[data-account="${accountId}"]`).click();
  await page.waitForURL((u) => u.pathname === path);
  return page;
}

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'dp-dossier-browser-'));
  const connectors = domainConnectorRegistry();
  t = await startTestApp({ env: { PUBLIC_URL: url }, deps: { exchangeParts: { connectors } } });
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  demo = await startDemoProducers({ pool: t.db.pool, dataDir });
  for (const [slug, c] of demo.connectors) connectors.set(slug, c);
  t.clock.set(new Date(Date.now() + 1000));
  rep = (await seedDemoRepresentation(t.services.consent.ctx, {
    people: listDemoWorldPeople(),
    subjectSecret: t.deps.config.SUBJECT_HMAC_SECRET,
  }))!;
  const secret = t.deps.config.SUBJECT_HMAC_SECRET;
  const index = listDemoPeople().findIndex((p) => subjectRef(secret, { kind: 'person', pivot: p }) === rep.parentRef);
  expect(index).toBeGreaterThanOrEqual(0);
  account = `citoyen-${index + 1}`;
  stranger = listDemoPeople().find((p) => subjectRef(secret, { kind: 'person', pivot: p }) !== rep.parentRef)!;
  server.on('request', t.app);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await demo?.stop();
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The Ville de Lyon's back end asks the CNAF about `pivot`, with its demo credentials. */
async function lyonAsksAbout(pivot: PersonPivot) {
  t.clock.advance(1000);
  const d = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === API)!;
  const token = await request(t.app)
    .post('/oauth/token')
    .auth(d.clientId, d.secret)
    .type('form')
    .send({ grant_type: 'client_credentials' });
  expect(token.status).toBe(200);
  const res = await request(t.app)
    .get(
      `/exchange/${API}/v1/quotient-familial?${qs({ recipient: LYON, context: 'Tarif social', object: 'Offre 2026', ...identityParameters(pivot) })}`,
    )
    .set('Authorization', `Bearer ${token.body.access_token}`);
  return { status: res.status, code: (res.body as { code?: string }).code ?? null, id: res.headers['x-request-id']! };
}

test("object → refused and shown in the trail → withdraw → served; Mes données; report and answer; a parent reads their child's trail only", async () => {
  const served = await lyonAsksAbout(rep.parent);
  expect(served.status).toBe(200);
  const citizenCtx = await browser.newContext({ locale: 'fr-FR' });
  const page = await login(citizenCtx, '/moi', '#connexion-franceconnect', account);

  // « Je m'oppose » on the proactive CNAF API, reached from /moi.
  await submit(page, '#mon-espace a[href="/moi/droits"]');
  const a11y: Record<string, string[]> = { rights: await axeViolations(page) };
  const cnaf = page.locator(`[data-api="${API}"]`);
  expect(await cnaf.innerText()).toMatch(/texte de loi/);
  await submit(page, `[data-api="${API}"] button:has-text("Je m’oppose")`);
  expect(await page.locator('#message').innerText()).toMatch(/opposition est enregistrée/);
  const refused = await lyonAsksAbout(rep.parent);
  expect([refused.status, refused.code]).toEqual([403, 'client.subject_objected']);
  await page.goto(`${url}/moi`);
  const newest = page.locator('[data-exchange]').first();
  expect(await newest.getAttribute('data-exchange')).toBe(refused.id);
  expect(await newest.locator('[data-outcome]').textContent()).toMatch(/opposé/);
  await page.goto(`${url}/moi/droits`);
  await submit(page, `[data-api="${API}"] button:has-text("Lever mon opposition")`);
  expect((await lyonAsksAbout(rep.parent)).status).toBe(200);

  // Mes données: the quotient familial, shown, never stored; the consultation in the trail.
  t.clock.advance(1000);
  await page.goto(`${url}/moi/mes-donnees/${API}`);
  const values = await page.locator('[data-values]').first().innerText();
  a11y.myData = await axeViolations(page);
  expect(values).toMatch(/uotient familial/);
  const qf = /uotient familial\s*\n?\s*(\d+)/.exec(values)?.[1];
  expect(qf).toBeDefined();
  await page.goto(`${url}/moi`);
  expect(await page.locator('[data-exchange]').first().innerText()).toMatch(/Mes données/);
  const { rows: tables } = await t.db.pool.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  for (const { s, t: table } of tables) {
    const text = JSON.stringify((await t.db.pool.query(`SELECT * FROM "${s}"."${table}"`)).rows);
    expect([table, new RegExp(`[:\\[,]${qf}[,\\]}]`).test(text)]).toEqual([table, false]);
  }

  // Reports the served exchange: a confirmation step, then the auditor's reading and answer.
  await page.goto(`${url}/moi`);
  const item = page.locator(`#echange-${served.id}`);
  await item.locator('summary').first().click();
  await item.locator('textarea').fill('Je n’ai rien demandé à la mairie.');
  await submit(page, `#echange-${served.id} button[type="submit"]:has-text("Envoyer le signalement")`);
  expect(await page.locator('h1').innerText()).toBe('Confirmer le signalement');
  a11y.confirmation = await axeViolations(page);
  await submit(page, 'button:has-text("Confirmer et envoyer le signalement")');
  expect(await page.locator('#message').innerText()).toMatch(/signalement est envoyé/);
  const caseId = (await t.db.pool.query('SELECT audit_case_id FROM citizen_reports WHERE event_id = $1', [served.id])).rows[0]
    .audit_case_id as string;
  const auditor = await login(await browser.newContext({ locale: 'fr-FR' }), '/audit', '#connexion-proconnect', 'auditeur');
  await auditor.goto(`${url}/audit/cas/${caseId}`);
  expect(await auditor.locator('[data-message]').innerText()).toMatch(/rien demandé à la mairie/);
  a11y.auditorReports = await axeViolations(auditor);
  await auditor.locator('#signalements textarea').fill('La mairie a vérifié votre droit au tarif social : accès justifié.');
  await submit(auditor, 'button:has-text("Envoyer la réponse")');
  await page.goto(`${url}/moi/signalements`);
  expect(await page.locator('[data-reply]').innerText()).toMatch(/accès justifié/);
  a11y.reports = await axeViolations(page);
  await page.goto(`${url}/moi/notifications`);
  a11y.notifications = await axeViolations(page);

  // The parent switches to their child's dossier: the child's trail, never another person's.
  const aboutChild = await lyonAsksAbout(rep.child);
  const aboutStranger = await lyonAsksAbout(stranger);
  await page.goto(`${url}/moi/representation`);
  a11y.representation = await axeViolations(page);
  await submit(page, 'button:has-text("Ouvrir son dossier")');
  const shown = await page.locator('[data-exchange]').evaluateAll((els) => els.map((e) => e.getAttribute('data-exchange')));
  expect(shown).toContain(aboutChild.id);
  expect(shown).not.toContain(aboutStranger.id);
  expect(shown).not.toContain(served.id);
  expect(await page.locator('#representation-en-cours').innerText()).toMatch(/représentez/);
  await page.goto(`${url}/moi/droits`);
  expect(await page.locator('#representation-en-cours').innerText()).toMatch(/représentez/);
  await submit(page, '#representation-en-cours button');
  const own = await page.locator('[data-exchange]').evaluateAll((els) => els.map((e) => e.getAttribute('data-exchange')));
  expect(own).toContain(served.id);
  expect(own).not.toContain(aboutChild.id);
  expect(a11y).toEqual({
    rights: [],
    myData: [],
    confirmation: [],
    auditorReports: [],
    reports: [],
    notifications: [],
    representation: [],
  });
}, 180_000);
