import request from 'supertest';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { startListeningApp } from '../gateway/identity/listening-app.js';
import { loginAs, type LoginResult } from '../helpers/login.js';
import { seedWorld, fullForm, LYON, CNAF } from './fixtures.js';

let world: Awaited<ReturnType<typeof startListeningApp>>;
beforeAll(async () => {
  world = await startListeningApp();
  await seedWorld(world.t.db.pool);
}, 120_000);
afterAll(async () => {
  await world.close();
});

function withSession(r: request.Test, me: LoginResult): request.Test {
  return r.set('Cookie', me.cookie).set('X-CSRF-Token', me.csrfToken);
}

/** The metadata published by the server, as a third-party client reads it (RFC 8414). */
async function serverMetadata(): Promise<oidc.ServerMetadata> {
  const res = await fetch(`${world.url}/.well-known/oauth-authorization-server`);
  return (await res.json()) as oidc.ServerMetadata;
}

async function verifyWithJwks(token: string, clientId: string): Promise<void> {
  const jwks = createRemoteJWKSet(new URL(`${world.url}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: world.url,
    audience: `${world.url}/exchange`,
    typ: 'at+jwt',
    currentDate: world.t.clock.now(),
  });
  expect(protectedHeader.alg).toBe('ES256');
  expect(payload).toMatchObject({ client_id: clientId, sub: clientId, consumer_siret: LYON, scope: 'qf_valeur', contract_version: 1 });
}

describe('the whole story with real parts: login, request, approval, credentials, token', () => {
  test('an applicant logs in and requests, the producer’s instructor approves, openid-client gets tokens with both client authentication methods', async () => {
    const t = world.t;
    // openid-client signs its assertions with the real clock: run the server on it too.
    t.clock.set(new Date());
    const applicant = await loginAs(t, 'ville-lyon-demandeur');
    const instructor = await loginAs(t, 'cnaf-instructeur');

    const created = await withSession(request(t.app).post('/v1/contracts'), applicant).send({
      apiSlug: 'cnaf-qf',
      consumerSiret: LYON,
      form: fullForm(),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await withSession(request(t.app).post(`/v1/contracts/${id}/submit`), applicant).expect(200);
    // Without the CSRF token a session cannot act.
    const csrf = await request(t.app).post(`/v1/contracts/${id}/approve`).set('Cookie', instructor.cookie).send({});
    expect(csrf.body.code).toBe('client.csrf_failed');
    const approved = await withSession(request(t.app).post(`/v1/contracts/${id}/approve`), instructor).send({ scopes: ['qf_valeur'] });
    expect(approved.body).toMatchObject({ status: 'active', producerSiret: CNAF });

    const metadata = await serverMetadata();

    // client_secret_basic
    const secretClient = await withSession(request(t.app).post(`/v1/contracts/${id}/clients`), applicant).send({
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(secretClient.status).toBe(201);
    const config = new oidc.Configuration(
      metadata,
      secretClient.body.client_id,
      {},
      oidc.ClientSecretBasic(secretClient.body.client_secret),
    );
    oidc.allowInsecureRequests(config);
    const tokens = await oidc.clientCredentialsGrant(config);
    expect(tokens.token_type).toBe('bearer');
    await verifyWithJwks(tokens.access_token, secretClient.body.client_id);

    // private_key_jwt (RFC 7523)
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'lyon-1', alg: 'ES256', use: 'sig' };
    const keyClient = await withSession(request(t.app).post(`/v1/contracts/${id}/clients`), applicant).send({
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    expect(keyClient.status).toBe(201);
    const config2 = new oidc.Configuration(
      metadata,
      keyClient.body.client_id,
      { token_endpoint_auth_signing_alg: 'ES256' },
      oidc.PrivateKeyJwt({ key: privateKey, kid: 'lyon-1' }),
    );
    oidc.allowInsecureRequests(config2);
    const tokens2 = await oidc.clientCredentialsGrant(config2, { scope: 'qf_valeur' });
    await verifyWithJwks(tokens2.access_token, keyClient.body.client_id);

    // The history names the people who acted, with their organisation and role.
    const events = await request(t.app).get(`/v1/contracts/${id}/events`).set('Cookie', instructor.cookie);
    expect(events.body.items.map((e: { action: string; actor: { role: string } }) => [e.action, e.actor.role])).toEqual([
      ['create', 'applicant'],
      ['submit', 'applicant'],
      ['approve', 'instructor'],
      ['credential_issued', 'applicant'],
      ['credential_issued', 'applicant'],
    ]);
  }, 120_000);
});
