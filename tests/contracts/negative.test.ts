import request from 'supertest';
import { createLocalJWKSet, jwtVerify, SignJWT, generateKeyPair, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { verifyAccessToken } from '../../contracts/index.js';
import { CAST, as, seedWorld, fullForm, LYON } from './fixtures.js';
import { activeContract, secretClient, tokenRequest } from './flow.js';

let t: TestApp;
let client: { client_id: string; client_secret: string };
let token: string;

beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
  client = await secretClient(t.app, await activeContract(t.app));
  token = (await tokenRequest(t.app, client).expect(200)).body.access_token;
});
afterAll(async () => {
  await t.stop();
});

const keys = () => t.services.contracts.tokenKeys;

async function submitted(slug = 'cnaf-qf'): Promise<string> {
  const c = await request(t.app).post('/v1/contracts').set(as('alice')).send({ apiSlug: slug, consumerSiret: LYON, form: fullForm() });
  await request(t.app).post(`/v1/contracts/${c.body.id}/submit`).set(as('alice')).expect(200);
  return c.body.id;
}

function expectInvalidClient(res: request.Response): void {
  expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
  expect(res.headers['www-authenticate']).toMatch(/^Basic/);
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('token endpoint refuses (RFC 6749 §5.2)', () => {
  test('wrong secret -> 401 invalid_client', async () => {
    expectInvalidClient(await tokenRequest(t.app, { ...client, client_secret: 'not-the-secret' }));
  });

  test('secret guessing is throttled per client: 429 after 10 failures, a proven secret still works', async () => {
    const id = await activeContract(t.app);
    const c = await secretClient(t.app, id);
    expect((await tokenRequest(t.app, c)).status).toBe(200);
    for (let i = 0; i < 10; i++) expectInvalidClient(await tokenRequest(t.app, { ...c, client_secret: `guess-${i}` }));
    const throttled = await tokenRequest(t.app, { ...c, client_secret: 'guess-10' });
    expect([throttled.status, throttled.body.error]).toEqual([429, 'temporarily_unavailable']);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await tokenRequest(t.app, c)).status).toBe(200);
  });

  test('unknown client -> 401 invalid_client', async () => {
    expectInvalidClient(await tokenRequest(t.app, { client_id: 'dp_unknown_client_000000', client_secret: client.client_secret }));
  });

  test('revoked contract -> invalid_grant', async () => {
    const id = await activeContract(t.app);
    const c = await secretClient(t.app, id);
    await request(t.app).post(`/v1/contracts/${id}/revoke`).set(as('ivan')).send({ reason: 'Fin de la convention.' }).expect(200);
    const res = await tokenRequest(t.app, c);
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
  });

  test('expired contract -> invalid_grant', async () => {
    const id = await activeContract(t.app, { approve: { validUntil: '2026-12-01' } });
    const c = await secretClient(t.app, id);
    await tokenRequest(t.app, c).expect(200);
    t.clock.set('2026-12-02T00:00:00Z');
    try {
      const res = await tokenRequest(t.app, c);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
  });

  test('suspended contract -> invalid_grant', async () => {
    const id = await activeContract(t.app);
    const c = await secretClient(t.app, id);
    await request(t.app).post(`/v1/contracts/${id}/suspend`).set(as('ivan')).send({ reason: 'Contrôle en cours.' }).expect(200);
    const res = await tokenRequest(t.app, c);
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
  });

  test('other grant types -> unsupported_grant_type; a scope not granted -> invalid_scope', async () => {
    expect((await tokenRequest(t.app, client, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await tokenRequest(t.app, client, { grant_type: 'client_credentials', scope: 'allocataires' })).body.error).toBe(
      'invalid_scope',
    );
  });
});

describe('instruction rules', () => {
  test('self-approval (an instructor of the producer who belongs to the consumer) -> client.self_instruction', async () => {
    const id = await submitted();
    const res = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('janus'));
    expect([res.status, res.body.code]).toEqual([403, 'client.self_instruction']);
  });

  test('approval by another producer’s instructor -> client.not_found (a non-party learns nothing of the contract)', async () => {
    const id = await submitted();
    const res = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('oscar'));
    expect([res.status, res.body.code]).toEqual([404, 'client.not_found']);
  });

  test('refusing, asking for changes, suspending or revoking without a reason -> client.reason_required', async () => {
    const id = await submitted();
    for (const action of ['refuse', 'request-changes']) {
      const res = await request(t.app).post(`/v1/contracts/${id}/${action}`).set(as('ivan')).send({});
      expect([res.status, res.body.code]).toEqual([422, 'client.reason_required']);
    }
    const active = await activeContract(t.app);
    for (const action of ['suspend', 'revoke']) {
      const res = await request(t.app).post(`/v1/contracts/${active}/${action}`).set(as('ivan')).send({ reason: ' ' });
      expect([res.status, res.body.code]).toEqual([422, 'client.reason_required']);
    }
    const ev = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('ivan'));
    expect(ev.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'submit']);
  });

  test('highly sensitive API: without the DPO’s second approval there is no contract -> client.second_approval_required', async () => {
    const id = await submitted('cnaf-qf-sensible');
    const first = await request(t.app)
      .post(`/v1/contracts/${id}/approve`)
      .set(as('ivan'))
      .send({ scopes: ['qf_valeur'] });
    expect(first.body).toMatchObject({ status: 'pending', versions: [{ status: 'submitted', awaitingSecondApproval: true }] });
    const creds = await request(t.app)
      .post(`/v1/contracts/${id}/clients`)
      .set(as('alice'))
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect([creds.status, creds.body.code]).toEqual([409, 'client.second_approval_required']);
    const again = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('ivan'));
    expect([again.status, again.body.code]).toEqual([409, 'client.second_approval_required']);
    expect((await request(t.app).get(`/v1/contracts/${id}`).set(as('alice'))).body.status).toBe('pending');
  });

  test('highly sensitive API: one person holding both roles cannot give both approvals -> client.second_approval_required', async () => {
    const id = await submitted('cnaf-qf-sensible');
    await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('doraAndIvan')).expect(200);
    const same = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('doraAndIvan'));
    expect([same.status, same.body.code]).toEqual([409, 'client.second_approval_required']);
  });

  test('highly sensitive API: instructor then DPO (two people) -> validated with the first approval’s terms', async () => {
    const id = await submitted('cnaf-qf-sensible');
    await request(t.app)
      .post(`/v1/contracts/${id}/approve`)
      .set(as('ivan'))
      .send({ scopes: ['qf_valeur'] })
      .expect(200);
    const ok = await request(t.app).post(`/v1/contracts/${id}/approve`).set(as('dora'));
    expect(ok.body).toMatchObject({
      status: 'active',
      versions: [{ status: 'validated', granted: { scopes: ['qf_valeur'], approved_by: ['ivan', 'dora'] } }],
    });
  });
});

describe('access token verification (exchange side) refuses', () => {
  test('alg none -> client.invalid_token', async () => {
    const [, payload] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: decodeProtectedHeader(token).kid })).toString('base64url')}.${payload}.`;
    await expect(verifyAccessToken(keys(), none)).rejects.toMatchObject({ code: 'client.invalid_token' });
  });

  test('signed by an unknown key -> client.invalid_token', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'at-forged' }).sign(privateKey);
    await expect(verifyAccessToken(keys(), forged)).rejects.toMatchObject({ code: 'client.invalid_token' });
    // Same kid as ours, other key: the signature fails.
    const sameKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: decodeProtectedHeader(token).kid! })
      .sign(privateKey);
    await expect(verifyAccessToken(keys(), sameKid)).rejects.toMatchObject({ code: 'client.invalid_token' });
  });

  test('wrong audience -> client.invalid_token', async () => {
    await expect(verifyAccessToken({ ...keys(), audience: 'http://localhost:3000/other' }, token)).rejects.toMatchObject({
      code: 'client.invalid_token',
    });
  });

  test('wrong issuer -> client.invalid_token', async () => {
    await expect(verifyAccessToken({ ...keys(), issuer: 'https://evil.example' }, token)).rejects.toMatchObject({
      code: 'client.invalid_token',
    });
  });

  test('expired token -> client.token_expired', async () => {
    const later = { now: () => new Date(t.clock.now().getTime() + 11 * 60_000) };
    await expect(verifyAccessToken({ ...keys(), clock: later }, token)).rejects.toMatchObject({ code: 'client.token_expired' });
  });

  test('not yet valid (nbf) -> client.invalid_token', async () => {
    const earlier = { now: () => new Date(t.clock.now().getTime() - 60_000) };
    await expect(verifyAccessToken({ ...keys(), clock: earlier }, token)).rejects.toMatchObject({ code: 'client.invalid_token' });
  });

  test('tampered payload -> client.invalid_token', async () => {
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'qf_valeur qf_annee allocataires' })).toString('base64url')}.${s}`;
    await expect(verifyAccessToken(keys(), tampered)).rejects.toMatchObject({ code: 'client.invalid_token' });
  });

  test('the genuine token verifies, also against the published JWKS', async () => {
    const claims = await verifyAccessToken(keys(), token);
    expect(claims).toMatchObject({
      client_id: client.client_id,
      sub: client.client_id,
      consumer_siret: LYON,
      scope: 'qf_valeur qf_annee',
      contract_version: 1,
    });
    const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet;
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'http://localhost:3000',
      audience: 'http://localhost:3000/exchange',
      currentDate: t.clock.now(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  });
});
