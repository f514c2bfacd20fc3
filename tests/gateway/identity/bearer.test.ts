import request from 'supertest';
import { SignJWT, generateKeyPair } from 'jose';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { EMBEDDED_CLIENT_IDS, identitySettings } from '../../../identity/index.js';
import { startListeningApp } from './listening-app.js';
import * as client from 'openid-client';
import { authorizationCode, codeFlowTokens } from './oidc-client-flow.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
beforeAll(async () => {
  world = await startListeningApp();
  await seedDemoIdentity(world.t.db.pool);
});
afterAll(async () => {
  await world.close();
});

async function accessTokenOf(kind: 'agent' | 'citizen', account: string): Promise<string> {
  const s = identitySettings(world.t.deps.config)[kind]!;
  const tokens = await codeFlowTokens({
    issuer: s.issuer,
    clientId: EMBEDDED_CLIENT_IDS[kind],
    clientSecret: s.clientSecret,
    redirectUri: s.redirectUri,
    scope: s.scope,
    account,
  });
  expect(tokens.claims()!.sub).toBe(account);
  return tokens.access_token;
}

describe('a bearer access token of the identity provider authenticates the control plane', () => {
  test("openid-client runs the code flow with PKCE; the agent token is accepted with the agent's roles", async () => {
    const token = await accessTokenOf('agent', 'admin');
    const who = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${token}`);
    expect(who.body).toMatchObject({ authenticated: true, kind: 'agent', via: 'bearer', sub: 'admin', platformRoles: ['admin'] });
    expect(who.body.csrfToken).toBeUndefined();
    // Bearer calls are exempt from CSRF: a POST with the token alone reaches the route.
    const created = await request(world.t.app)
      .post('/v1/organisations')
      .set('Authorization', `Bearer ${token}`)
      .send({ siret: '13000600000017', name: 'DINUM', kind: 'administration_centrale', roles: ['producer'] });
    expect(created.status).toBe(201);
  });

  test('a citizen token yields a citizen principal with the subject_ref', async () => {
    const token = await accessTokenOf('citizen', 'citoyen-3');
    const who = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${token}`);
    expect(who.body).toMatchObject({ kind: 'citizen', via: 'bearer', sub: 'citoyen-3' });
    expect(who.body.subjectRef).toMatch(/^[0-9a-f]{64}$/);
    // The same check serves the exchange's FranceConnect mode.
    const p = await world.t.identity.principalFromAccessToken(token);
    expect(p).toMatchObject({ kind: 'citizen', via: 'bearer', citizen: { subjectRef: who.body.subjectRef } });
    expect(await world.t.identity.principalFromAccessToken('nope')).toBeNull();
  });

  test('an agent without the role is authenticated but forbidden', async () => {
    const token = await accessTokenOf('agent', 'cnaf-instructeur');
    const res = await request(world.t.app)
      .post('/v1/organisations')
      .set('Authorization', `Bearer ${token}`)
      .send({ siret: '21690123100011', name: 'Lyon', kind: 'collectivite', roles: ['consumer'] });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  });

  test("an agent's roles are not cached with the token: a role removed applies to the next bearer request", async () => {
    const token = await accessTokenOf('agent', 'cnaf-instructeur');
    const before = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${token}`);
    expect(before.body.memberships).toEqual([{ siret: '18000100000017', roles: ['instructor'] }]);
    await world.t.db.pool.query(`UPDATE memberships SET roles = '{dpo}' WHERE sub = 'cnaf-instructeur'`);
    try {
      const after = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${token}`);
      expect(after.body.memberships).toEqual([{ siret: '18000100000017', roles: ['dpo'] }]);
    } finally {
      await world.t.db.pool.query(`UPDATE memberships SET roles = '{instructor}' WHERE sub = 'cnaf-instructeur'`);
    }
  });

  test('a forged token -> 401 client.invalid_token', async () => {
    const res = await request(world.t.app).get('/auth/session').set('Authorization', 'Bearer forged-token-0123456789abcdefghijklmnop');
    expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  test('an exchange JWT of our own /oauth/token is not a control-plane credential -> 401', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const jwt = await new SignJWT({ scope: 'x', client_id: 'c' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(world.url)
      .setAudience(`${world.url}/exchange`)
      .setSubject('c')
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${jwt}`);
    expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
  });

  test('a token revoked at the provider stops working once the 60 s cache entry lapses (new token: no cache)', async () => {
    const token = await accessTokenOf('agent', 'dgfip-dpo');
    const s = identitySettings(world.t.deps.config).agent!;
    const revoke = await fetch(`${s.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      headers: { authorization: `Basic ${Buffer.from(`${EMBEDDED_CLIENT_IDS.agent}:${s.clientSecret}`).toString('base64')}` },
    });
    expect(revoke.status).toBe(200);
    const res = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
  });

  test("an unreachable agents' provider is a 503 gateway.not_ready (fail closed, not the caller's fault), for login and bearer", async () => {
    const { startTestApp } = await import('../../helpers/app.js');
    const down = await startTestApp({
      env: { AGENT_OIDC_ISSUER: 'http://127.0.0.1:9/proconnect', AGENT_OIDC_CLIENT_ID: 'x', AGENT_OIDC_CLIENT_SECRET: 'y' },
    });
    try {
      const login = await request(down.app).get('/auth/agent/login');
      expect([login.status, login.body.code]).toEqual([503, 'gateway.not_ready']);
      const res = await request(down.app).get('/auth/session').set('Authorization', 'Bearer some-opaque-token-value');
      expect([res.status, res.body.code]).toEqual([503, 'gateway.not_ready']);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await down.stop();
    }
  });

  test('an authorisation code is single-use, and needs the PKCE verifier it was issued for', async () => {
    const s = identitySettings(world.t.deps.config).agent!;
    const o = {
      issuer: s.issuer,
      clientId: EMBEDDED_CLIENT_IDS.agent,
      clientSecret: s.clientSecret,
      redirectUri: s.redirectUri,
      scope: s.scope,
      account: 'insee-dpo',
    };
    const wrong = await authorizationCode(o);
    await expect(
      client.authorizationCodeGrant(wrong.config, wrong.callback, { ...wrong.checks, pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const flow = await authorizationCode(o);
    await client.authorizationCodeGrant(flow.config, flow.callback, flow.checks);
    await expect(client.authorizationCodeGrant(flow.config, flow.callback, flow.checks)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
