import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/login.js';
import { hasOrgRole } from '../../../gateway/http/principal.js';
import { DEMO_ORGANISATIONS } from '../../../gateway/demo/organisations.js';
import { findTestAccount } from '../../../gateway/demo/test-accounts.js';
import { subjectRef } from '../../../schemas/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe('agents and citizens log in through the embedded OpenID provider (authorisation code + PKCE)', () => {
  test('an instructor of the CNAF gets a session with the roles held in Datapedia', async () => {
    const me = await loginAs(t, 'cnaf-instructeur');
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      authenticated: true,
      kind: 'agent',
      via: 'session',
      sub: 'cnaf-instructeur',
      issuer: 'http://localhost:3000/idp',
    });
    expect(res.body.memberships).toEqual([{ siret: DEMO_ORGANISATIONS.cnaf.siret, roles: ['instructor'] }]);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hasOrgRole(res.body, DEMO_ORGANISATIONS.cnaf.siret, 'instructor')).toBe(true);
  });

  test('the auditor has the platform role and no organisation', async () => {
    const me = await loginAs(t, 'auditeur');
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(res.body).toMatchObject({ kind: 'agent', platformRoles: ['auditor'], memberships: [] });
  });

  test('a citizen gets a session carrying the subject_ref of their identity pivot', async () => {
    const me = await loginAs(t, 'citoyen-1');
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    const account = findTestAccount('citoyen-1')!;
    if (account.kind !== 'citizen') throw new Error('unexpected');
    expect(res.body).toMatchObject({ kind: 'citizen', via: 'session', sub: 'citoyen-1', memberships: [], platformRoles: [] });
    expect(res.body.subjectRef).toBe(subjectRef(t.deps.config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot: account.pivot }));
  });

  test('a company representative also gets the subject_ref of their SIREN', async () => {
    const me = await loginAs(t, 'representant-entreprise');
    const res = await request(t.app).get('/auth/session').set('Cookie', me.cookie);
    expect(res.body.company.siren).toMatch(/^\d{9}$/);
    expect(res.body.company.subjectRef).toBe(
      subjectRef(t.deps.config.SUBJECT_HMAC_SECRET, { kind: 'company', siren: res.body.company.siren }),
    );
  });

  test('the callback redirects to the local path asked at login, never to another site', async () => {
    const me = await loginAs(t, 'lyon-demandeur'.replace('lyon', 'ville-lyon'), '/connexion');
    expect(me.location).toBe('/connexion');
    const evil = await loginAs(t, 'ville-lyon-demandeur', '//evil.example/x');
    expect(evil.location).toBe('/espace');
  });
});
