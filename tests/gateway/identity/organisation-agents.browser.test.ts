import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, axeViolations } from '../../helpers/browser.js';
import { ADMIN_TOKEN } from '../../helpers/app.js';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { DEMO_ORGANISATIONS, seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { findTestAccount } from '../../../gateway/demo/test-accounts.js';
import { startListeningApp } from './listening-app.js';

const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const ADMIN = 'ville-lyon-demandeur';
const AGENT = 'ville-lyon-nouvel-agent';
const AGENT_EMAIL = findTestAccount(AGENT)!.email;

let world: Awaited<ReturnType<typeof startListeningApp>>;
let browser: Browser;
beforeAll(async () => {
  world = await startListeningApp();
  await seedDemoOrganisations(world.t.db.pool);
  await seedDemoIdentity(world.t.db.pool);
  // The platform operator appoints the first admin of the organisation.
  await request(world.t.app)
    .post(`/v1/organisations/${LYON}/admins`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ email: findTestAccount(ADMIN)!.email })
    .expect(200);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world.close();
});

/** A fresh browser session signed in through the embedded provider's "choisir un compte de test" page. */
async function signedIn(account: string, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => {
    // The refusals this test provokes (403, 409) and the browser's favicon probe (404) are expected.
    if (m.type() === 'error' && !/status of (403|404|409)/.test(m.text())) errors.push(`${account}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${account}: ${e.message}`));
  await page.goto(`${world.url}/auth/agent/login?retour=/espace`);
  await page.locator(`button[data-account="${account}"]`).click();
  await page.waitForURL(`${world.url}/espace`);
  return page;
}

/** The roles the session has on this very request (`/auth/session`, read from the memberships). */
async function memberships(page: Page): Promise<unknown> {
  await page.goto(`${world.url}/auth/session`);
  return (JSON.parse((await page.locator('body').textContent()) ?? '{}') as { memberships: unknown }).memberships;
}

async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

describe('an organisation’s admin manages its agents in /espace (real Chromium, embedded provider)', () => {
  test('invite -> the agent logs in with exactly the granted role -> the role removed applies to their next request', async () => {
    const errors: string[] = [];
    const admin = await signedIn(ADMIN, errors);
    const a11y: Record<string, string[]> = {};
    await submit(admin, admin.locator('#gerer-agents'));
    await admin.waitForURL(`${world.url}/espace/organisations/${LYON}/agents`);
    a11y.agents = await axeViolations(admin);

    // Invite the agent as admin of the organisation.
    await admin.fill('#email', AGENT_EMAIL);
    await admin.click('label[for="invite-admin"]');
    await submit(admin, admin.locator('#envoyer-invitation'));
    await admin.waitForURL(/\?info=invite$/);
    const row = admin.locator(`tr[data-email="${AGENT_EMAIL}"]`);
    await expect(row.locator('.fr-badge').textContent()).resolves.toBe('Invité');
    a11y.invited = await axeViolations(admin);

    // The agent's first login (ProConnect-like, with Lyon's SIRET): exactly the role granted.
    const agent = await signedIn(AGENT, errors);
    expect(await memberships(agent)).toEqual([{ siret: LYON, roles: ['admin'] }]);
    const own = await agent.goto(`${world.url}/espace/organisations/${LYON}/agents`);
    expect(own?.status()).toBe(200);

    // The admin replaces the agent's admin role by « demandeur »: the agent's next request has it no more.
    await admin.goto(`${world.url}/espace/organisations/${LYON}/agents`);
    await expect(row.locator('.fr-badge').textContent()).resolves.toBe('Actif');
    await row.locator('label[for$="-admin"]').click();
    await row.locator('label[for$="-applicant"]').click();
    await submit(admin, row.getByRole('button', { name: /Enregistrer les rôles/ }));
    await admin.waitForURL(/\?info=roles$/);
    const refused = await agent.goto(`${world.url}/espace/organisations/${LYON}/agents`);
    expect(refused?.status()).toBe(403);
    expect(await memberships(agent)).toEqual([{ siret: LYON, roles: ['applicant'] }]);

    // Removing the agent: their next request holds no role in the organisation.
    await submit(admin, row.getByRole('button', { name: /Retirer/ }));
    await admin.waitForURL(/\?info=retire$/);
    expect(await memberships(agent)).toEqual([]);

    // The history, read from the ledger, says who did what.
    const history = admin.locator('section[aria-labelledby="historique"] tbody tr');
    await expect(history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).resolves.toEqual([
      'removed',
      'roles_changed',
      'invitation_accepted',
      'invited',
      'admin_appointed',
    ]);
    a11y.history = await axeViolations(admin);

    // The last admin cannot drop their own admin role: a clear French message, nothing changed.
    const self = admin.locator('tr', { hasText: '(vous)' });
    await self.locator('label[for$="-admin"]').click();
    await submit(admin, self.getByRole('button', { name: /Enregistrer les rôles/ }));
    await expect(admin.locator('.fr-alert--error').textContent()).resolves.toMatch(/dernier administrateur/);
    a11y.lastAdmin = await axeViolations(admin);
    expect(await memberships(admin)).toEqual([{ siret: LYON, roles: ['applicant', 'admin'] }]);

    expect(a11y).toEqual({ agents: [], invited: [], history: [], lastAdmin: [] });
    expect(errors).toEqual([]);
  }, 180_000);
});
