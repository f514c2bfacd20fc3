/**
 * The flows journey on the composed app (compose.ts, app.ts, the demo world of flows) with the
 * person's side in a real headless Chromium: the demo front office gets a token at /oauth/token
 * and deposits two dossiers of a test citizen with an attachment — one routed to the Ville de
 * Lyon (its own subscription), one for Bordeaux routed to the Département de la Gironde —, each
 * subscriber's own client takes it from its inbox, downloads the attachment (digest = ETag),
 * acknowledges and posts statuses; the front office reads them by cursor; the citizen logs in
 * with the embedded FranceConnect-like provider and sees both démarches, their administrations
 * and statuses in « Mes démarches » — and not a dossier of someone else; no serious or critical
 * accessibility violation, no console error.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { findTestAccount, type TestCitizen } from '../../../gateway/demo/test-accounts.js';
import { createLedgerWriter, type LedgerWriter } from '../../../ledger/index.js';
import { seedDemo } from '../../../gateway/demo/index.js';
import { DEMO_FLOWS_CLIENTS, seedFlowsContract } from '../../../gateway/demo/flows.js';
import { INSTRUCTION_SCOPE } from '../../../gateway/services/flows.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { axeViolations, launchChromium } from '../../helpers/browser.js';
import { pdf, PAUL } from '../../flows/world.js';
import { binary } from './world.js';

const GIRONDE = '22330001300016';
const GIRONDE_CLIENT = { clientId: 'dp_test-gironde-demarches', secret: 'test-secret-gironde-demarches-0123456789ab' };
const FO = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'front-office')!;
const LYON = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'subscriber')!;
let t: TestApp;
let server: Server;
let url: string;
let browser: Browser;
let writer: LedgerWriter | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'dp-flows-browser-'));

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestApp({
    env: { PUBLIC_URL: url, DATA_DIR: dataDir },
    deps: (db, clock) => {
      writer = createLedgerWriter({ pool: db.pool, chainId: 'flows-browser', clock });
      return { ledger: writer };
    },
  });
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  await seedFlowsContract(t.services.contracts.ctx, {
    consumerSiret: GIRONDE,
    scopes: [INSTRUCTION_SCOPE],
    purpose: 'Instruction des démarches (Gironde)',
    client: GIRONDE_CLIENT,
  });
  // Contracts are approved on the system clock: the app's clock moves past their start.
  t.clock.set(new Date(Date.now() + 1000));
  server.on('request', t.app);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await writer?.close();
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function token(clientId: string, secret: string): Promise<string> {
  const r = await request(t.app).post('/oauth/token').auth(clientId, secret).type('form').send({ grant_type: 'client_credentials' });
  expect(r.status).toBe(200);
  return r.body.access_token as string;
}

test('deposit → routed → inbox → download → ack → statuses → front office → « Mes démarches » in the browser', async () => {
  const citizen = findTestAccount('citoyen-1') as TestCitizen;
  const fo = await token(FO.clientId, FO.secret);
  const subscribers = {
    lyon: await token(LYON.clientId, LYON.secret),
    bordeaux: await token(GIRONDE_CLIENT.clientId, GIRONDE_CLIENT.secret),
  };
  const cursor0 = (await request(t.app).get('/v1/flows/statuses').set('Authorization', `Bearer ${fo}`)).body.cursor as string;
  const files = { lyon: pdf(150_000, 0x61), bordeaux: pdf(90_000, 0x62) };
  const form = { numeroAllocataire: '7654321', enfants: [{ prenom: 'Inès', ecole: 'École des Chartreux' }] };
  const deposit = (key: string, communeCode: string, file: Buffer, pivot = citizen.pivot) =>
    request(t.app)
      .post('/v1/flows/dossiers')
      .set('Authorization', `Bearer ${fo}`)
      .set('Idempotency-Key', key)
      .field(
        'dossier',
        JSON.stringify({ procedureCode: 'aide-restauration-scolaire', communeCode, applicant: { kind: 'person', pivot }, form }),
      )
      .attach('piece', file, 'avis-imposition.pdf');

  const lyon = await deposit('browser-lyon', '69123', files.lyon);
  const bdx = await deposit('browser-bdx', '33063', files.bordeaux);
  const someoneElse = await deposit('browser-paul', '69123', pdf(4000), PAUL);
  expect([lyon.status, lyon.body.administration.siret, bdx.status, bdx.body.administration.siret, someoneElse.status]).toEqual([
    201,
    '21690123100011',
    201,
    GIRONDE,
    201,
  ]);
  const ids = { lyon: lyon.body.id as string, bordeaux: bdx.body.id as string };

  for (const k of ['lyon', 'bordeaux'] as const) {
    const auth = { Authorization: `Bearer ${subscribers[k]}` };
    const inbox = await request(t.app).get('/v1/flows/inbox').set(auth);
    expect(inbox.body.items.map((d: { id: string }) => d.id)).toContain(ids[k]);
    expect((await request(t.app).get(`/v1/flows/dossiers/${ids[k]}`).set(auth)).body.form).toEqual(form);
    const file = await request(t.app).get(`/v1/flows/dossiers/${ids[k]}/attachments/1`).set(auth).buffer(true).parse(binary);
    const digest = createHash('sha256')
      .update(file.body as Buffer)
      .digest('hex');
    expect([file.status, file.headers.etag, digest]).toEqual([200, `"${digest}"`, createHash('sha256').update(files[k]).digest('hex')]);
    expect((await request(t.app).post(`/v1/flows/dossiers/${ids[k]}/ack`).set(auth)).status).toBe(200);
    expect((await request(t.app).post(`/v1/flows/dossiers/${ids[k]}/status`).set(auth).send({ status: 'in_progress' })).status).toBe(201);
    expect(
      (
        await request(t.app)
          .post(`/v1/flows/dossiers/${ids[k]}/status`)
          .set(auth)
          .send({ status: 'accepted', message: `Tarif réduit accordé par ${k === 'lyon' ? 'la Ville de Lyon' : 'la Gironde'}.` })
      ).status,
    ).toBe(201);
  }
  const statuses = await request(t.app).get(`/v1/flows/statuses?since=${cursor0}`).set('Authorization', `Bearer ${fo}`);
  expect(statuses.body.items.map((s: { dossierId: string; status: string }) => [s.dossierId, s.status])).toEqual([
    [ids.lyon, 'in_progress'],
    [ids.lyon, 'accepted'],
    [ids.bordeaux, 'in_progress'],
    [ids.bordeaux, 'accepted'],
  ]);

  const errors: string[] = [];
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/moi/demarches`);
  // Anonymous: the login page (which brings the person back here); the embedded provider plays FranceConnect.
  await Promise.all([page.waitForNavigation(), page.click('#connexion-franceconnect')]);
  await page.locator('button[data-account="citoyen-1"]').click();
  await page.waitForURL(`${url}/moi/demarches`);
  expect(await page.locator('h1').textContent()).toBe('Mes démarches');
  const shown = await page.locator('[data-dossier]').evaluateAll((els) => els.map((e) => e.getAttribute('data-dossier')));
  expect(shown.sort()).toEqual([ids.lyon, ids.bordeaux].sort());
  const lyonCard = await page.locator(`[data-dossier="${ids.lyon}"]`).innerText();
  expect(lyonCard).toContain('Aide à la restauration scolaire');
  expect(lyonCard).toContain('Ville de Lyon');
  expect(lyonCard).toContain('Accepté');
  expect(lyonCard).toContain('En cours d’instruction');
  expect(lyonCard).toContain('Tarif réduit accordé par la Ville de Lyon.');
  expect(await page.locator(`[data-dossier="${ids.bordeaux}"]`).innerText()).toContain('Département de la Gironde');
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
