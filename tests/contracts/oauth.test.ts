import request from 'supertest';
import { generateKeyPair, exportJWK, SignJWT, type JSONWebKeySet, decodeProtectedHeader, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { verifyArtefact, verifyAccessToken } from '../../contracts/index.js';
import { CAST, as, seedWorld, fullForm, CNAF, DGFIP, LYON } from './fixtures.js';
import { activeContract, basic, secretClient, tokenRequest } from './flow.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

const ISSUER = 'http://localhost:3000';

async function assertion(key: CryptoKey, clientId: string, over: { aud?: string; exp?: number; jti?: string } = {}): Promise<string> {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(over.aud ?? `${ISSUER}/oauth/token`)
    .setIssuedAt(now)
    .setExpirationTime(over.exp ?? now + 60)
    .setJti(over.jti ?? randomUUID())
    .sign(key);
}

describe('private_key_jwt (RFC 7523)', () => {
  let clientId: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const id = await activeContract(t.app);
    const kp = await generateKeyPair('ES256');
    privateKey = kp.privateKey;
    const jwk = { ...(await exportJWK(kp.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const res = await request(t.app)
      .post(`/v1/contracts/${id}/clients`)
      .set(as('alice'))
      .send({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } });
    expect(res.status).toBe(201);
    expect(res.body.client_secret).toBeUndefined();
    clientId = res.body.client_id;
  });
  const form = (a: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: a,
  });

  test('a signed assertion gets a token', async () => {
    const res = await request(t.app)
      .post('/oauth/token')
      .type('form')
      .send(form(await assertion(privateKey, clientId)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'qf_valeur qf_annee' });
  });

  test('a replayed assertion (same jti) -> invalid_client', async () => {
    const a = await assertion(privateKey, clientId);
    await request(t.app).post('/oauth/token').type('form').send(form(a)).expect(200);
    const res = await request(t.app).post('/oauth/token').type('form').send(form(a));
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
  });

  test('wrong aud, expired, or signed by another key -> invalid_client', async () => {
    for (const a of [
      await assertion(privateKey, clientId, { aud: 'https://other.example/token' }),
      await assertion(privateKey, clientId, { exp: Math.floor(t.clock.now().getTime() / 1000) - 120 }),
      await assertion((await generateKeyPair('ES256')).privateKey, clientId),
    ]) {
      const res = await request(t.app).post('/oauth/token').type('form').send(form(a));
      expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
    }
  });
});

describe('client secrets: shown once, hashed with scrypt, rotated with an overlap', () => {
  test('the stored form is a scrypt hash, never the secret', async () => {
    const c = await secretClient(t.app, await activeContract(t.app));
    const { rows } = await t.db.pool.query('SELECT secret_hash FROM oauth_client_secrets WHERE client_id = $1', [c.client_id]);
    expect(rows[0].secret_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(rows[0].secret_hash).not.toContain(c.client_secret);
    const list = await request(t.app)
      .get(
        `/v1/contracts/${(await t.db.pool.query('SELECT contract_id FROM oauth_clients WHERE client_id = $1', [c.client_id])).rows[0].contract_id}/clients`,
      )
      .set(as('ivan'));
    expect(JSON.stringify(list.body)).not.toContain(c.client_secret);
  });

  test('after rotation both secrets work until the overlap ends, then only the new one', async () => {
    const id = await activeContract(t.app);
    const old = await secretClient(t.app, id);
    const rot = await request(t.app)
      .post(`/v1/contracts/${id}/clients/${old.client_id}/rotate-secret`)
      .set(as('alice'))
      .send({ overlapSeconds: 60 });
    expect(rot.status).toBe(200);
    const fresh = { client_id: old.client_id, client_secret: rot.body.client_secret as string };
    await tokenRequest(t.app, old).expect(200);
    await tokenRequest(t.app, fresh).expect(200);
    t.clock.advance(61_000);
    try {
      expect((await tokenRequest(t.app, old)).body.error).toBe('invalid_client');
      await tokenRequest(t.app, fresh).expect(200);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
    const ev = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('alice'));
    expect(ev.body.items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'submit',
      'approve',
      'credential_issued',
      'secret_rotated',
    ]);
  });

  test('only the consumer’s applicants get credentials', async () => {
    const id = await activeContract(t.app);
    const res = await request(t.app)
      .post(`/v1/contracts/${id}/clients`)
      .set(as('ivan'))
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect([res.status, res.body.code]).toEqual([403, 'client.forbidden']);
  });
});

describe('per-contract IP allowlist', () => {
  test('a caller outside the allowlist gets no token', async () => {
    const denied = await secretClient(t.app, await activeContract(t.app, { form: fullForm({ ip_allowlist: ['10.0.0.0/8'] }) }));
    expect((await tokenRequest(t.app, denied)).body.error).toBe('unauthorized_client');
    const allowed = await secretClient(t.app, await activeContract(t.app, { form: fullForm({ ip_allowlist: ['127.0.0.1', '::1'] }) }));
    await tokenRequest(t.app, allowed).expect(200);
  });
});

describe('introspection (RFC 7662) and revocation (RFC 7009)', () => {
  test('the producer sees its tokens active, then inactive once revoked; another producer sees nothing', async () => {
    const c = await secretClient(t.app, await activeContract(t.app));
    const token = (await tokenRequest(t.app, c).expect(200)).body.access_token;
    const cnaf = (
      await request(t.app)
        .post(`/v1/producers/${CNAF}/clients`)
        .set(as('pat'))
        .send({ token_endpoint_auth_method: 'client_secret_basic' })
        .expect(201)
    ).body;
    const dgfip = (
      await request(t.app)
        .post(`/v1/producers/${DGFIP}/clients`)
        .set(as('dgfipAdmin'))
        .send({ token_endpoint_auth_method: 'client_secret_basic' })
        .expect(201)
    ).body;
    const introspect = (who: { client_id: string; client_secret: string }) =>
      request(t.app).post('/oauth/introspect').set('Authorization', basic(who.client_id, who.client_secret)).type('form').send({ token });
    const seen = await introspect(cnaf);
    expect(seen.body).toMatchObject({
      active: true,
      client_id: c.client_id,
      consumer_siret: LYON,
      scope: 'qf_valeur qf_annee',
      api: 'cnaf-qf',
    });
    expect((await introspect(dgfip)).body).toEqual({ active: false });
    // A consumer client may not introspect.
    expect((await introspect(c)).body.error).toBe('unauthorized_client');
    // Revocation by another client is refused; by the owner it works.
    expect(
      (
        await request(t.app)
          .post('/oauth/revoke')
          .set('Authorization', basic(cnaf.client_id, cnaf.client_secret))
          .type('form')
          .send({ token })
      ).body.error,
    ).toBe('unauthorized_client');
    await request(t.app)
      .post('/oauth/revoke')
      .set('Authorization', basic(c.client_id, c.client_secret))
      .type('form')
      .send({ token, token_type_hint: 'access_token' })
      .expect(200);
    expect((await introspect(cnaf)).body).toEqual({ active: false });
    const jti = (await verifyAccessToken(t.services.contracts.tokenKeys, token)).jti;
    const dir = t.services.contracts.directory;
    await dir.ready();
    expect(await dir.isTokenRevoked(jti)).toBe(true);
    // An invalid token is "revoked" too (RFC 7009 §2.2).
    await request(t.app)
      .post('/oauth/revoke')
      .set('Authorization', basic(c.client_id, c.client_secret))
      .type('form')
      .send({ token: 'garbage' })
      .expect(200);
  });
});

describe('signed artefact and keys', () => {
  test('the artefact downloads as a compact JWS and verifies with the published keys; tampering is detected', async () => {
    const id = await activeContract(t.app, { approve: { scopes: ['qf_valeur'], validUntil: '2027-06-30' } });
    const res = await request(t.app).get(`/v1/contracts/${id}/artefact`).set(as('alice'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/jose/);
    const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet;
    expect(jwks.keys.every((k) => !('d' in k))).toBe(true);
    const terms = await verifyArtefact(res.text, jwks);
    expect(terms).toMatchObject({
      iss: ISSUER,
      contract_id: id,
      version: 1,
      consumer_siret: LYON,
      producer_siret: CNAF,
      api: 'cnaf-qf',
      scopes: ['qf_valeur'],
      requested_scopes: ['qf_valeur', 'qf_annee'],
      recipients: [LYON],
      valid_until: '2027-06-30T23:59:59.999Z',
      legal_basis: { nature: expect.any(String) },
      approved_by: ['ivan'],
    });
    const [h, p, s] = res.text.split('.');
    const forged = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString().replace('qf_valeur', 'qf_annee')).toString('base64url')}.${s}`;
    await expect(verifyArtefact(forged, jwks)).rejects.toThrow();
    // An access token is not an artefact (distinct keys and typ).
    const c = await secretClient(t.app, id);
    const token = (await tokenRequest(t.app, c)).body.access_token;
    await expect(verifyArtefact(token, jwks)).rejects.toThrow();
  });

  test('token key rotation: old key still published and accepted, new tokens use the new key', async () => {
    const c = await secretClient(t.app, await activeContract(t.app));
    const before = (await tokenRequest(t.app, c)).body.access_token;
    const oldKid = decodeProtectedHeader(before).kid;
    const newKid = await t.services.contracts.keys.rotate('token');
    const after = (await tokenRequest(t.app, c)).body.access_token;
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const kids = ((await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    await verifyAccessToken(t.services.contracts.tokenKeys, before);
    // Once every token of the old key has expired, it is no longer published.
    t.clock.advance(13 * 60_000);
    try {
      const later = ((await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet).keys.map((k) => k.kid);
      expect(later).not.toContain(oldKid);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
    const { rows } = await t.db.pool.query('SELECT private_enc FROM signing_keys');
    expect(rows.every((r: { private_enc: string }) => r.private_enc.startsWith('v1.'))).toBe(true);
  });

  test('scheduled rotation: a token key older than the limit is replaced, a recent one kept', async () => {
    const keys = t.services.contracts.keys;
    expect(await keys.rotateIfOlderThan('token', 30 * 24 * 3600_000)).toBeNull();
    t.clock.advance(31 * 24 * 3600_000);
    try {
      const kid = await keys.rotateIfOlderThan('token', 30 * 24 * 3600_000);
      expect(kid).toMatch(/^at-/);
      expect((await keys.activeKey('token')).kid).toBe(kid);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
  });

  test('RFC 8414 metadata', async () => {
    const res = await request(t.app).get('/.well-known/oauth-authorization-server');
    expect(res.body).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth/token`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    });
  });

  test('a JSON body on the token endpoint -> invalid_request', async () => {
    const res = await request(t.app).post('/oauth/token').send({ grant_type: 'client_credentials' });
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
  });
});
