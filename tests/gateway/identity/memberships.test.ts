import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/login.js';
import { testConfig } from '../../helpers/app.js';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { EMBEDDED_ISSUER_ALIAS, findMembershipsByIdentity, identitySettings, insertMembership } from '../../../identity/index.js';
import { listTestAccounts } from '../../../gateway/demo/test-accounts.js';
import { safeReturnPath } from '../../../identity/login-flow.js';
import { loadConfig } from '../../../gateway/config.js';
import { loadSchema } from '../../../schemas/index.js';
import { DEMO_ORGANISATIONS } from '../../../gateway/demo/organisations.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe("roles live in Datapedia's memberships table, not in the identity provider", () => {
  test('the demo seeds an applicant per consumer, an instructor and a DPO per producer, an auditor, an admin (idempotent)', async () => {
    const first = await seedDemoIdentity(t.db.pool);
    expect(await seedDemoIdentity(t.db.pool)).toBe(0);
    expect(first).toBe(listTestAccounts().filter((a) => a.kind === 'agent' && a.roles.roles.length > 0).length);
    const { rows } = await t.db.pool.query<{ siret: string | null; roles: string[] }>('SELECT siret, roles FROM memberships');
    const has = (siret: string | null, role: string) => rows.some((r) => r.siret === siret && r.roles.includes(role));
    for (const k of ['villeLyon', 'departementGironde', 'crousParis', 'franceTravail', 'dinum'] as const)
      expect(has(DEMO_ORGANISATIONS[k].siret, 'applicant')).toBe(true);
    for (const k of ['cnaf', 'dgfip', 'cnous', 'franceTravail', 'insee', 'dinum'] as const) {
      expect(has(DEMO_ORGANISATIONS[k].siret, 'instructor')).toBe(true);
      expect(has(DEMO_ORGANISATIONS[k].siret, 'dpo')).toBe(true);
    }
    expect(has(null, 'auditor')).toBe(true);
    expect(has(null, 'admin')).toBe(true);
  });

  test('a role granted to an e-mail before the first login applies once the agent logs in', async () => {
    await insertMembership(t.db.pool, {
      issuer: EMBEDDED_ISSUER_ALIAS,
      sub: null,
      email: 'Cnous-DPO@demo.datapedia.gouv.fr',
      siret: DEMO_ORGANISATIONS.crousParis.siret,
      roles: ['applicant'],
    });
    const me = await loginAs(t, 'cnous-dpo');
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(res.body.memberships).toEqual(
      expect.arrayContaining([
        { siret: DEMO_ORGANISATIONS.cnous.siret, roles: ['dpo'] },
        { siret: DEMO_ORGANISATIONS.crousParis.siret, roles: ['applicant'] },
      ]),
    );
  });

  test("another issuer's subject with the same id gets nothing", async () => {
    expect(await findMembershipsByIdentity(t.db.pool, 'https://other.example', 'admin', 'admin@demo.datapedia.gouv.fr')).toEqual([]);
  });

  test('the database refuses organisation roles without an organisation, and platform roles on one', async () => {
    await expect(insertMembership(t.db.pool, { issuer: 'x', sub: 'y', email: null, siret: null, roles: ['instructor'] })).rejects.toThrow(
      /check constraint/,
    );
    await expect(
      insertMembership(t.db.pool, { issuer: 'x', sub: 'y', email: null, siret: '13000600000017', roles: ['auditor'] }),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('configuration: embedded provider by default outside production, ProConnect / FranceConnect when configured', () => {
  test('defaults', () => {
    const s = identitySettings(testConfig());
    expect(s.embeddedIssuer).toBe('http://localhost:3000/idp');
    expect(s.agent).toMatchObject({
      issuer: 'http://localhost:3000/idp',
      clientId: 'datapedia-agents',
      embedded: true,
      redirectUri: 'http://localhost:3000/auth/agent/callback',
    });
    expect(s.citizen!.scope.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry']),
    );
  });

  test('an external issuer needs its client id and secret; then it replaces the embedded provider for that audience', () => {
    expect(() => testConfig({ AGENT_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2' })).toThrow(
      /AGENT_OIDC_CLIENT_ID: required.*\n.*AGENT_OIDC_CLIENT_SECRET: required/,
    );
    const s = identitySettings(
      testConfig({
        AGENT_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
        AGENT_OIDC_CLIENT_ID: 'id',
        AGENT_OIDC_CLIENT_SECRET: 'secret',
      }),
    );
    expect(s.agent).toMatchObject({ issuer: 'https://auth.agentconnect.gouv.fr/api/v2', clientId: 'id', embedded: false });
    expect(s.citizen!.embedded).toBe(true);
  });

  test('acr_values (FranceConnect requires one) reach the authorisation request', async () => {
    const other = await startTestApp({ env: { CITIZEN_OIDC_ACR_VALUES: 'eidas1' } });
    try {
      const res = await request(other.app).get('/auth/citizen/login');
      expect(new URL(res.headers.location!).searchParams.get('acr_values')).toBe('eidas1');
      const agent = await request(other.app).get('/auth/agent/login');
      expect(new URL(agent.headers.location!).searchParams.has('acr_values')).toBe(false);
    } finally {
      await other.stop();
    }
  });

  test('production: no embedded provider unless EMBEDDED_IDP=true', () => {
    // Production refuses the development secrets: give every one of them a real value.
    const props = loadSchema('config.json').properties as Record<string, { default?: unknown }>;
    const secrets = Object.fromEntries(
      Object.entries(props)
        .filter(([, p]) => typeof p.default === 'string' && p.default.startsWith('dev-only'))
        .map(([k]) => [k, randomBytes(32).toString('base64url')]),
    );
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).EMBEDDED_IDP).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', EMBEDDED_IDP: 'true', ...secrets }).EMBEDDED_IDP).toBe(true);
  });
});

describe('the return path after login is local only (no open redirect)', () => {
  test.each([
    ['/moi', '/moi'],
    ['/espace/demandes?x=1', '/espace/demandes?x=1'],
    ['//evil.example', '/f'],
    ['/\\evil.example', '/f'],
    ['https://evil.example', '/f'],
    ['javascript:alert(1)', '/f'],
    ['/a b', '/f'],
    [undefined, '/f'],
    [['/a', '/b'], '/f'],
  ])('%p -> %p', (input, expected) => {
    expect(safeReturnPath(input, '/f')).toBe(expected);
  });
});
