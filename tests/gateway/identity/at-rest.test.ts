import request from 'supertest';
import * as client from 'openid-client';
import { seedDemoIdentity } from '../../../gateway/demo/identity.js';
import { EMBEDDED_CLIENT_IDS, identitySettings } from '../../../identity/index.js';
import { startListeningApp } from './listening-app.js';
import { authorizationCode } from './oidc-client-flow.js';

/**
 * The embedded provider keeps nothing usable in clear in PostgreSQL: its private JWKS is sealed,
 * its codes, tokens, sessions and grants are found by keyed hash with sealed payloads.
 */
let world: Awaited<ReturnType<typeof startListeningApp>>;
beforeAll(async () => {
  world = await startListeningApp();
  await seedDemoIdentity(world.t.db.pool);
});
afterAll(async () => {
  await world.close();
});

/** Every row of the provider's tables, as text. */
async function dump(): Promise<string> {
  const { rows } = await world.t.db.pool.query(
    `SELECT row_to_json(k)::text AS r FROM idp_keys k UNION ALL SELECT row_to_json(a)::text FROM oidc_artefacts a`,
  );
  return rows.map((r) => r.r as string).join('\n');
}

describe('the embedded provider at rest', () => {
  test('after a full login, the tables hold no private key member, no code, no token, no account id', async () => {
    const s = identitySettings(world.t.deps.config).agent!;
    const flow = await authorizationCode({
      issuer: s.issuer,
      clientId: EMBEDDED_CLIENT_IDS.agent,
      clientSecret: s.clientSecret,
      redirectUri: s.redirectUri,
      scope: s.scope,
      account: 'cnaf-instructeur',
    });
    const code = flow.callback.searchParams.get('code')!;
    const before = await dump();
    expect(before).not.toContain(code);
    const tokens = await client.authorizationCodeGrant(flow.config, flow.callback, flow.checks);
    const text = await dump();
    expect(text).not.toMatch(/"d"\s*:/);
    for (const member of ['"p":', '"q":', '"dp":', '"dq":', '"qi":', '"kty"']) expect(text).not.toContain(member);
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toContain(code);
    expect(text).not.toContain(tokens.id_token!.split('.')[1]!);
    expect(text).not.toContain('cnaf-instructeur');
    const { rows } = await world.t.db.pool.query(`SELECT count(*)::int AS n FROM oidc_artefacts WHERE model = 'AccessToken'`);
    expect(rows[0].n).toBeGreaterThan(0);
    // The token read from nowhere but the client still works, and the code is single use.
    const who = await request(world.t.app).get('/auth/session').set('Authorization', `Bearer ${tokens.access_token}`);
    expect(who.body).toMatchObject({ authenticated: true, via: 'bearer', sub: 'cnaf-instructeur' });
    await expect(client.authorizationCodeGrant(flow.config, flow.callback, flow.checks)).rejects.toThrow();
  });

  test('a key set written in clear by an older version is sealed on load, and the provider signs with the same keys', async () => {
    const jwks = (await request(world.t.app).get('/idp/jwks')).body;
    const { loadOrCreateSigningKeys } = await import('../../../identity/provider/signing-keys.js');
    const { createKeySealer } = await import('../../../schemas/index.js');
    const sealer = createKeySealer(world.t.deps.config.KEY_ENCRYPTION_SECRET, 'idp-keys');
    const clear = await loadOrCreateSigningKeys(world.t.db.pool, sealer);
    await world.t.db.pool.query(`UPDATE idp_keys SET jwks = $1, sealed = NULL`, [JSON.stringify(clear)]);
    const again = await loadOrCreateSigningKeys(world.t.db.pool, sealer);
    expect(again).toEqual(clear);
    const { rows } = await world.t.db.pool.query(`SELECT jwks, sealed FROM idp_keys`);
    expect(rows).toEqual([{ jwks: null, sealed: expect.stringMatching(/^v1\./) }]);
    expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual((clear.keys as { kid: string }[]).map((k) => k.kid).sort());
  });
});
