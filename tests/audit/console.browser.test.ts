import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../helpers/browser.js';
import { seedDemoIdentity } from '../../gateway/demo/identity.js';
import { startListeningApp } from '../gateway/identity/listening-app.js';
import { auditWorld, type AuditWorld } from './world.js';

const BIN = resolve('bin/datapedia.mjs');

let app: Awaited<ReturnType<typeof startListeningApp>>;
let w: AuditWorld;
let browser: Browser;
let dir: string;
let revokedId: string;
let lateCall: string;

beforeAll(async () => {
  app = await startListeningApp();
  w = await auditWorld(app.t.db.pool, {}, new Date().toISOString(), { signed: true });
  await seedDemoIdentity(app.t.db.pool);
  // A contract revoked, then called: the rule opens a case whose evidence is that call.
  await w.contract();
  revokedId = await w.contract();
  w.clock.advance(60_000);
  await w.revoke(revokedId);
  w.clock.advance(60_000);
  lateCall = await w.call(revokedId, w.clock.now(), {
    type: 'exchange.denied',
    outcome: 'denied',
    problemCode: 'client.contract_inactive',
    status: 403,
    fields: undefined,
  });
  await w.evaluator.runOnce();
  await w.writer.checkpointNow();
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), 'dp-audit-'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function datapedia(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', DEMO: 'false' }, timeout: 60_000 },
      (err, stdout) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout });
      },
    );
  });
}

async function go(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForNavigation(), action()]);
}

describe('the audit console in a real headless Chromium', () => {
  test('an auditor logs in, filters contracts, exports the register, opens a rule’s case, downloads evidence that verifies offline, sees their own actions', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    // Login through the embedded provider (real authorisation-code flow).
    await page.goto(`${app.url}/auth/agent/login?retour=/audit`);
    await go(page, () => page.locator('button[data-account="auditeur"]').click());
    await page.waitForURL(`${app.url}/audit`);
    expect(await page.locator('h1').innerText()).toBe('Contrats sous revue');
    expect(await page.locator('#contrats tbody tr').count()).toBe(2);
    const a11y: Record<string, string[]> = { contracts: await axeViolations(page) };

    // Filter: revoked contracts only.
    await page.selectOption('#f-status', 'revoked');
    await go(page, () => page.click('#filtres button[type="submit"]'));
    expect(page.url()).toContain('status=revoked');
    const rows = page.locator('#contrats tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-contract')).toBe(revokedId);

    // Register export (CSV download).
    await go(page, () => page.click('a[href="/audit/registre"]'));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvFile = join(dir, csv.suggestedFilename());
    await csv.saveAs(csvFile);
    expect(csv.suggestedFilename()).toMatch(/^registre-des-traitements-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(csvFile, 'utf8');
    expect(text.split('\r\n')[0]).toContain('finalite');
    expect(text).toContain(revokedId);

    // The case raised by the rule.
    await go(page, () => page.click('a[href="/audit/cas"]'));
    const caseRow = page.locator('#cas tbody tr[data-kind="call_after_end"]');
    expect(await caseRow.count()).toBe(1);
    await go(page, () => caseRow.locator('a').click());
    expect(await page.locator('h1').innerText()).toContain('révocation');
    a11y.case = await axeViolations(page);

    // Evidence bundle of the late call, verified offline by the CLI.
    const [evidence] = await Promise.all([page.waitForEvent('download'), page.click(`a[data-evidence="${lateCall}"]`)]);
    const evidenceFile = join(dir, evidence.suggestedFilename());
    await evidence.saveAs(evidenceFile);
    const keysFile = join(dir, 'cles.json');
    await writeFile(keysFile, await (await page.request.get(`${app.url}/v1/audit/ledger/keys`)).body());
    const verified = await datapedia(['ledger', 'verify-evidence', evidenceFile, '--keys', keysFile]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`preuve valide : événement ${lateCall}`);
    expect(verified.stdout).not.toContain('attention');

    // Watching the watchers: my own actions.
    await go(page, () => page.click('a[href="/audit/mes-actions"]'));
    const actions = await page.locator('#actions tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions).toEqual(
      expect.arrayContaining(['actions.read', 'contracts.search', 'register.export', 'cases.search', 'case.read', 'evidence.download']),
    );
    a11y.actions = await axeViolations(page);
    await go(page, () => page.click('a[href="/audit/journal"]'));
    await page.fill('#f-from', '2020-01-01');
    await go(page, () => page.click('#verifier button[type="submit"]'));
    expect(await page.locator('#resultat').getAttribute('data-ok')).toBe('true');
    a11y.ledger = await axeViolations(page);
    expect(a11y).toEqual({ contracts: [], case: [], actions: [], ledger: [] });
    expect(errors).toEqual([]);
    await context.close();
  });
});
