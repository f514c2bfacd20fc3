/**
 * FranceConnect mode end to end: a citizen's own access token, obtained by a third-party
 * relying party (openid-client, authorisation code + PKCE) from the embedded OpenID provider,
 * is checked by the gateway with the provider's user info; the exchange is about that citizen
 * (same subject_ref as identity parameters would give) and recorded as consented by presence.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { findEventById } from '../../ledger/index.js';
import { EMBEDDED_CLIENT_IDS, identitySettings } from '../../identity/index.js';
import { codeFlowTokens } from '../gateway/identity/oidc-client-flow.js';
import { startConsentWorld, citizen, LYON, API, type ConsentWorld } from './world.js';

let w: ConsentWorld;
let server: Server;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w = await startConsentWorld({ publicUrl: url, realCitizenTokens: true });
  server.on('request', w.t.app);
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await w.stop();
});

const PATH = `/exchange/${API}/quotient-familial?recipient=${LYON}&context=Cantine&object=Dossier%2042`;

test('the citizen present with their token: served without any stored consent, recorded as franceconnect', async () => {
  const s = identitySettings(w.t.deps.config).citizen!;
  const tokens = await codeFlowTokens({
    issuer: s.issuer,
    clientId: EMBEDDED_CLIENT_IDS.citizen,
    clientSecret: s.clientSecret,
    redirectUri: s.redirectUri,
    scope: s.scope,
    account: 'citoyen-4',
  });
  const res = await request(w.t.app)
    .get(PATH)
    .set('Authorization', `Bearer ${await w.token('c-lyon')}`)
    .set('X-FranceConnect-Token', tokens.access_token);
  expect(res.status).toBe(200);
  const ev = await findEventById(w.t.db.pool, res.headers['x-request-id']!);
  expect(ev).toMatchObject({
    subject_ref: w.refOf(citizen('citoyen-4').pivot),
    subject_kind: 'person',
    outcome: 'served',
    detail: { consent: { mode: 'franceconnect' } },
  });
  // Without the token, the same consumer is refused: no stored consent for this person.
  expect((await w.exchange('c-lyon', citizen('citoyen-4').pivot)).body.code).toBe('client.consent_missing');
}, 120_000);

test('an agent’s token or a forged one is not a citizen’s: client.invalid_token', async () => {
  const s = identitySettings(w.t.deps.config).agent!;
  const tokens = await codeFlowTokens({
    issuer: s.issuer,
    clientId: EMBEDDED_CLIENT_IDS.agent,
    clientSecret: s.clientSecret,
    redirectUri: s.redirectUri,
    scope: s.scope,
    account: 'ville-lyon-demandeur',
  });
  for (const token of [tokens.access_token, 'forged-token-0123456789abcdef']) {
    const res = await request(w.t.app)
      .get(PATH)
      .set('Authorization', `Bearer ${await w.token('c-lyon')}`)
      .set('X-FranceConnect-Token', token);
    expect([res.status, res.body.code]).toEqual([401, 'client.invalid_token']);
  }
}, 120_000);
