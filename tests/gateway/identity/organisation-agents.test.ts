import request from 'supertest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs, type LoginResult } from '../../helpers/login.js';
import { DEMO_ORGANISATIONS, seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { findTestAccount } from '../../../gateway/demo/test-accounts.js';
import {
  bindInvitationsAtLogin,
  EMBEDDED_ISSUER_ALIAS,
  inviteAgent,
  listOrganisationAgents,
  setAgentRoles,
} from '../../../identity/index.js';
import { INVITATION_TTL_MS } from '../../../gateway/services/organisation-agents.js';
import { ProblemError, withLuhnDigit } from '../../../schemas/index.js';

const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
const email = (id: string) => findTestAccount(id)!.email;
const NEW_AGENT = 'ville-lyon-nouvel-agent';

let t: TestApp;
let lyonAdmin: LoginResult;
let cnafAdmin: LoginResult;

const operator = () => ({ Authorization: `Bearer ${ADMIN_TOKEN}` });
const as = (me: LoginResult) => ({ Cookie: me.cookie, 'X-CSRF-Token': me.csrfToken });

async function session(me: LoginResult): Promise<{ memberships: { siret: string; roles: string[] }[] }> {
  return (await request(t.app).get('/auth/session').set('Cookie', me.cookie)).body;
}

async function lyonEvents(): Promise<{ action: string; detail: Record<string, unknown>; actor: Record<string, unknown> }[]> {
  const { rows } = await t.db.pool.query<{ detail: Record<string, unknown>; actor: Record<string, unknown> }>(
    `SELECT detail, actor FROM ledger_events WHERE type = 'membership.event' AND detail ->> 'organisation' = $1 ORDER BY occurred_at, seq`,
    [LYON],
  );
  return rows.map((r) => ({ action: String(r.detail.action), detail: r.detail, actor: r.actor }));
}

async function agentsOf(me: LoginResult, siret: string = LYON) {
  const res = await request(t.app).get(`/v1/organisations/${siret}/agents`).set(as(me));
  expect(res.status).toBe(200);
  return res.body.items as { id: string; email: string; roles: string[]; status: string; self: boolean }[];
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoOrganisations(t.db.pool);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

describe('the platform operator appoints the first admin of an organisation', () => {
  test('an agent of the organisation gets the admin role; recorded in the ledger as the operator', async () => {
    lyonAdmin = await loginAs(t, 'ville-lyon-demandeur');
    const res = await request(t.app)
      .post(`/v1/organisations/${LYON}/admins`)
      .set(operator())
      .send({ email: email('ville-lyon-demandeur') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['applicant', 'admin'], status: 'active' });
    expect((await session(lyonAdmin)).memberships).toEqual([{ siret: LYON, roles: ['applicant', 'admin'] }]);
    const [e] = await lyonEvents();
    expect(e).toMatchObject({
      action: 'admin_appointed',
      detail: { byOperator: true, rolesBefore: ['applicant'], rolesAfter: ['applicant', 'admin'] },
    });
    expect(e!.actor).toMatchObject({ kind: 'service' });
  });

  test('an unregistered organisation is 404; an organisation admin is not the operator (403)', async () => {
    const unknown = await request(t.app)
      .post(`/v1/organisations/${withLuhnDigit(`${withLuhnDigit('99999999')}0001`)}/admins`)
      .set(operator())
      .send({ email: 'x@exemple.fr' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'client.not_found']);
    const byOrgAdmin = await request(t.app).post(`/v1/organisations/${LYON}/admins`).set(as(lyonAdmin)).send({ email: 'x@exemple.fr' });
    expect([byOrgAdmin.status, byOrgAdmin.body.code]).toEqual([403, 'client.forbidden']);
  });
});

describe("only the organisation's own admins manage its agents", () => {
  test('a non-admin agent of the organisation and the admin of another organisation are refused', async () => {
    await request(t.app)
      .post(`/v1/organisations/${CNAF}/admins`)
      .set(operator())
      .send({ email: email('cnaf-dpo') })
      .expect(200);
    cnafAdmin = await loginAs(t, 'cnaf-dpo');
    for (const [method, path, body] of [
      ['get', `/v1/organisations/${LYON}/agents`, undefined],
      ['post', `/v1/organisations/${LYON}/agents`, { email: 'a@exemple.fr', roles: ['admin'] }],
      ['get', `/v1/organisations/${LYON}/agents/history`, undefined],
      ['put', `/v1/organisations/${LYON}/agents/1/roles`, { roles: ['admin'] }],
      ['delete', `/v1/organisations/${LYON}/agents/1`, undefined],
    ] as const) {
      const other = await request(t.app)[method](path).set(as(cnafAdmin)).send(body);
      expect([path, other.status, other.body.code]).toEqual([path, 403, 'client.forbidden']);
    }
    const applicant = await loginAs(t, 'departement-gironde-demandeur');
    const res = await request(t.app).get(`/v1/organisations/${LYON}/agents`).set(as(applicant));
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
    const cnafInstructor = await loginAs(t, 'cnaf-instructeur');
    const own = await request(t.app).get(`/v1/organisations/${CNAF}/agents`).set(as(cnafInstructor));
    expect([own.status, own.body.code]).toEqual([403, 'client.forbidden']);
  });
});

describe('an invitation binds at the first login with that e-mail and the organisation’s SIRET', () => {
  test('invited as applicant -> the agent logs in -> exactly that role; an invitation e-mail is queued', async () => {
    const res = await request(t.app)
      .post(`/v1/organisations/${LYON}/agents`)
      .set(as(lyonAdmin))
      .send({ email: email(NEW_AGENT).toUpperCase(), roles: ['applicant'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: email(NEW_AGENT), roles: ['applicant'], status: 'invited' });
    const { rows: mails } = await t.db.pool.query(`SELECT recipient, kind, status FROM notify_outbox WHERE recipient = $1`, [
      email(NEW_AGENT),
    ]);
    expect(mails).toEqual([{ recipient: email(NEW_AGENT), kind: 'agent_invitation', status: 'pending' }]);

    const again = await request(t.app)
      .post(`/v1/organisations/${LYON}/agents`)
      .set(as(lyonAdmin))
      .send({ email: email(NEW_AGENT), roles: ['dpo'] });
    expect([again.status, again.body.code]).toEqual([409, 'client.agent_already_member']);

    const agent = await loginAs(t, NEW_AGENT);
    expect((await session(agent)).memberships).toEqual([{ siret: LYON, roles: ['applicant'] }]);
    const row = (await agentsOf(lyonAdmin)).find((a) => a.email === email(NEW_AGENT))!;
    expect(row).toMatchObject({ status: 'active', roles: ['applicant'] });
    expect((await lyonEvents()).map((e) => e.action)).toEqual(['admin_appointed', 'invited', 'invitation_accepted']);
  });

  test('the same e-mail logging in for another organisation (another SIRET claim) does not get the role', async () => {
    // cnous-dpo logs in for the CNOUS: an invitation into Lyon waits for a login for Lyon.
    await request(t.app)
      .post(`/v1/organisations/${LYON}/agents`)
      .set(as(lyonAdmin))
      .send({ email: email('cnous-dpo'), roles: ['admin'] })
      .expect(201);
    const cnous = await loginAs(t, 'cnous-dpo');
    expect((await session(cnous)).memberships.map((m) => m.siret)).toEqual([DEMO_ORGANISATIONS.cnous.siret]);
    const row = (await agentsOf(lyonAdmin)).find((a) => a.email === email('cnous-dpo'))!;
    expect(row.status).toBe('invited');
    await request(t.app).delete(`/v1/organisations/${LYON}/agents/${row.id}`).set(as(lyonAdmin)).expect(204);
  });

  test('an invalid e-mail or role is refused (422), nothing is written', async () => {
    const before = (await lyonEvents()).length;
    for (const body of [
      { email: 'pas-une-adresse', roles: ['applicant'] },
      { email: 'a@exemple.fr', roles: [] },
      { email: 'a@exemple.fr', roles: ['auditor'] },
      { email: 'a@exemple.fr', roles: ['dpo'], extra: 1 },
    ]) {
      const res = await request(t.app).post(`/v1/organisations/${LYON}/agents`).set(as(lyonAdmin)).send(body);
      expect([res.status, res.body.code]).toEqual([422, 'client.validation_failed']);
    }
    expect((await lyonEvents()).length).toBe(before);
  });
});

describe('role changes apply to the next request; every change is a ledger event', () => {
  test('set roles, then remove the agent: the very next request sees it', async () => {
    const agent = await loginAs(t, NEW_AGENT);
    const row = (await agentsOf(lyonAdmin)).find((a) => a.email === email(NEW_AGENT))!;
    const put = await request(t.app)
      .put(`/v1/organisations/${LYON}/agents/${row.id}/roles`)
      .set(as(lyonAdmin))
      .send({ roles: ['dpo', 'instructor'] });
    expect(put.status).toBe(200);
    expect(put.body.roles).toEqual(['instructor', 'dpo']);
    expect((await session(agent)).memberships).toEqual([{ siret: LYON, roles: ['instructor', 'dpo'] }]);
    await request(t.app).delete(`/v1/organisations/${LYON}/agents/${row.id}`).set(as(lyonAdmin)).expect(204);
    expect((await session(agent)).memberships).toEqual([]);
    const events = await lyonEvents();
    expect(events.slice(-2).map((e) => [e.action, e.detail.rolesBefore, e.detail.rolesAfter])).toEqual([
      ['roles_changed', ['applicant'], ['instructor', 'dpo']],
      ['removed', ['instructor', 'dpo'], []],
    ]);
    // Identifiers and roles only: no e-mail address and no name in the ledger (invariant 4).
    expect(JSON.stringify(events)).not.toMatch(/@|Lefèvre|Moreau/);
  });

  test('the history reads the ledger events, newest first, with who did what', async () => {
    const res = await request(t.app).get(`/v1/organisations/${LYON}/agents/history`).set(as(lyonAdmin));
    expect(res.status).toBe(200);
    const items = res.body.items as { action: string; actor: { label: string; operator: boolean }; agent: { label: string } }[];
    expect(items.map((i) => i.action)).toEqual((await lyonEvents()).map((e) => e.action).reverse());
    expect(items.at(-1)).toMatchObject({ action: 'admin_appointed', actor: { operator: true } });
    const name = findTestAccount('ville-lyon-demandeur')!;
    expect(items[0]).toMatchObject({
      action: 'removed',
      actor: { operator: false, label: name.kind === 'agent' ? `${name.given_name} ${name.usual_name}` : '' },
    });
  });
});

describe('the last admin cannot remove themselves nor drop their own admin role', () => {
  test('409 client.last_admin, nothing changed; with a second admin, the first may step down', async () => {
    const self = (await agentsOf(lyonAdmin)).find((a) => a.self)!;
    const before = (await lyonEvents()).length;
    const drop = await request(t.app)
      .put(`/v1/organisations/${LYON}/agents/${self.id}/roles`)
      .set(as(lyonAdmin))
      .send({ roles: ['applicant'] });
    expect([drop.status, drop.body.code]).toEqual([409, 'client.last_admin']);
    expect(drop.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(drop.body.detail).toMatch(/dernier administrateur/);
    const leave = await request(t.app).delete(`/v1/organisations/${LYON}/agents/${self.id}`).set(as(lyonAdmin));
    expect([leave.status, leave.body.code]).toEqual([409, 'client.last_admin']);
    expect((await session(lyonAdmin)).memberships).toEqual([{ siret: LYON, roles: ['applicant', 'admin'] }]);
    expect((await lyonEvents()).length).toBe(before);

    await request(t.app)
      .post(`/v1/organisations/${LYON}/agents`)
      .set(as(lyonAdmin))
      .send({ email: email(NEW_AGENT), roles: ['admin'] })
      .expect(201);
    // Invited but not yet logged in: not an admin yet, so the guard still holds.
    const still = await request(t.app)
      .put(`/v1/organisations/${LYON}/agents/${self.id}/roles`)
      .set(as(lyonAdmin))
      .send({ roles: ['applicant'] });
    expect(still.body.code).toBe('client.last_admin');
    await loginAs(t, NEW_AGENT);
    await request(t.app)
      .put(`/v1/organisations/${LYON}/agents/${self.id}/roles`)
      .set(as(lyonAdmin))
      .send({ roles: ['applicant'] })
      .expect(200);
    expect((await session(lyonAdmin)).memberships).toEqual([{ siret: LYON, roles: ['applicant'] }]);
    const gone = await request(t.app).get(`/v1/organisations/${LYON}/agents`).set(as(lyonAdmin));
    expect([gone.status, gone.body.code]).toEqual([403, 'client.forbidden']);
  });

  test('an agent unknown in the organisation is 404 (another organisation’s row included)', async () => {
    const newAdmin = await loginAs(t, NEW_AGENT);
    const cnafRow = (await agentsOf(cnafAdmin, CNAF))[0]!;
    const res = await request(t.app).delete(`/v1/organisations/${LYON}/agents/${cnafRow.id}`).set(as(newAdmin));
    expect([res.status, res.body.code]).toEqual([404, 'client.not_found']);
    const bad = await request(t.app)
      .put(`/v1/organisations/${LYON}/agents/abc/roles`)
      .set(as(newAdmin))
      .send({ roles: ['dpo'] });
    expect([bad.status, bad.body.code]).toEqual([404, 'client.not_found']);
  });
});

describe('an invitation waits a limited time for the first login', () => {
  test('expired: not bound at login, shown as expired, and a new invitation replaces it', async () => {
    const admin = await loginAs(t, NEW_AGENT);
    const invited = await request(t.app)
      .post(`/v1/organisations/${LYON}/agents`)
      .set(as(admin))
      .send({ email: 'tardif@exemple.fr', roles: ['dpo'] });
    expect(invited.status).toBe(201);
    t.clock.advance(INVITATION_TTL_MS + 1);
    try {
      const login = { issuer: EMBEDDED_ISSUER_ALIAS, sub: 'tardif', email: 'tardif@exemple.fr', siret: LYON, name: null };
      expect(await bindInvitationsAtLogin(t.services.agents.ctx, login)).toEqual([]);
      // (The admin's own session lapsed too: the domain is called directly, as the service does.)
      const { ctx } = t.services.agents;
      const row = (await listOrganisationAgents(ctx, LYON)).find((a) => a.email === 'tardif@exemple.fr')!;
      expect(row.status).toBe('expired');
      const again = await inviteAgent(ctx, { sub: NEW_AGENT, operator: false }, LYON, { email: 'tardif@exemple.fr', roles: ['dpo'] });
      expect(again.status).toBe('invited');
      expect((await bindInvitationsAtLogin(t.services.agents.ctx, login)).map((c) => [c.action, c.rolesAfter])).toEqual([
        ['invitation_accepted', ['dpo']],
      ]);
    } finally {
      t.clock.advance(-(INVITATION_TTL_MS + 1));
    }
  });
});

describe('a change the ledger cannot record is not applied', () => {
  test('the record fails inside the transaction -> 503 gateway.ledger_unavailable semantics, roles unchanged', async () => {
    const { ctx } = t.services.agents;
    const failing = {
      ...ctx,
      record: async () => {
        throw new ProblemError('gateway.ledger_unavailable');
      },
    };
    const row = (await agentsOf(await loginAs(t, NEW_AGENT))).find((a) => a.email === email('ville-lyon-demandeur'))!;
    await expect(setAgentRoles(failing, { sub: 'x', operator: true }, LYON, row.id, { roles: ['dpo'] })).rejects.toMatchObject({
      code: 'gateway.ledger_unavailable',
    });
    const { rows } = await t.db.pool.query<{ roles: string[] }>('SELECT roles FROM memberships WHERE id = $1', [row.id]);
    expect(rows[0]!.roles).toEqual(['applicant']);
  });
});
