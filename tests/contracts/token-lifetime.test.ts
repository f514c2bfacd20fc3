import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { verifyAccessToken } from '../../contracts/index.js';
import { CAST, seedWorld, LYON } from './fixtures.js';
import { activeContract, secretClient, tokenRequest } from './flow.js';

/**
 * Access tokens are refused when issued in the future or living longer than this server issues
 * them (ACCESS_TOKEN_TTL_SECONDS + clock skew), even when signed by the real token key.
 */
let t: TestApp;
let contractId: string;
let clientId: string;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
  contractId = await activeContract(t.app);
  clientId = (await secretClient(t.app, contractId)).client_id;
});
afterAll(async () => {
  await t.stop();
});

const YEAR = 365 * 24 * 3600;

/** A token exactly like /oauth/token's, signed with the real active token key, with chosen times. */
async function forged(times: { iat: number; exp: number; nbf?: number }): Promise<string> {
  const { kid, privateKey } = await t.services.contracts.keys.activeKey('token');
  return new SignJWT({
    client_id: clientId,
    scope: 'qf_valeur qf_annee',
    contract_id: contractId,
    contract_version: 1,
    consumer_siret: LYON,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer('http://localhost:3000')
    .setAudience('http://localhost:3000/exchange')
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt(times.iat)
    .setNotBefore(times.nbf ?? times.iat)
    .setExpirationTime(times.exp)
    .sign(privateKey);
}

const now = () => Math.floor(t.clock.now().getTime() / 1000);
const verify = (token: string) => verifyAccessToken(t.services.contracts.tokenKeys, token);

describe('token times are bounded (RFC 8725 §3.10)', () => {
  test('a token as /oauth/token issues it is accepted; so is one issued a few seconds ahead (clock skew)', async () => {
    const issued = (await tokenRequest(t.app, await secretClient(t.app, contractId)).expect(200)).body.access_token as string;
    await expect(verify(issued)).resolves.toMatchObject({ contract_id: contractId });
    await expect(verify(await forged({ iat: now(), exp: now() + 600 }))).resolves.toMatchObject({ client_id: clientId });
    await expect(verify(await forged({ iat: now() + 3, nbf: now(), exp: now() + 603 }))).resolves.toMatchObject({ client_id: clientId });
  });

  test('iat in the future (nbf now) -> client.invalid_token', async () => {
    await expect(verify(await forged({ iat: now() + 3600, nbf: now(), exp: now() + 3600 + 600 }))).rejects.toMatchObject({
      code: 'client.invalid_token',
    });
  });

  test('a ten-year lifetime -> client.invalid_token; just over the configured TTL too', async () => {
    await expect(verify(await forged({ iat: now(), exp: now() + 10 * YEAR }))).rejects.toMatchObject({ code: 'client.invalid_token' });
    await expect(verify(await forged({ iat: now() - 10, exp: now() + 600 + 30 }))).rejects.toMatchObject({ code: 'client.invalid_token' });
  });

  test('on the exchange path: 401 client.invalid_token with a Bearer challenge', async () => {
    for (const token of [
      await forged({ iat: now(), exp: now() + 10 * YEAR }),
      await forged({ iat: now() + 3600, nbf: now(), exp: now() + 4000 }),
    ]) {
      const res = await request(t.app)
        .get('/exchange/cnaf-qf/quotient-familial')
        .query({ nomNaissance: 'X' })
        .set('Authorization', `Bearer ${token}`);
      expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
    const fine = await request(t.app)
      .get('/exchange/cnaf-qf/quotient-familial')
      .query({ nomNaissance: 'X' })
      .set('Authorization', `Bearer ${await forged({ iat: now(), exp: now() + 600 })}`);
    expect(fine.body.code).not.toBe('client.invalid_token');
  });
});
