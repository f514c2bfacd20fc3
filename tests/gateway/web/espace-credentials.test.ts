import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testPrincipals } from '../../helpers/principals.js';
import { CAST, as, seedWorld } from '../../contracts/fixtures.js';
import { activeContract, tokenRequest } from '../../contracts/flow.js';
import { SecretFlash } from '../../../gateway/pages/espace.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function clientCount(contractId: string): Promise<number> {
  const r = await t.db.pool.query('SELECT count(*)::int AS n FROM oauth_clients WHERE contract_id = $1', [contractId]);
  return r.rows[0].n as number;
}

function secretOf(html: string): string | undefined {
  return /id="client-secret" class="dp-secret">([^<]+)</.exec(html)?.[1];
}
function clientIdOf(html: string): string | undefined {
  return /id="client-id">([^<]+)</.exec(html)?.[1];
}

describe('credentials from /espace: POST-redirect-GET, one-time secret, rotate, revoke', () => {
  it('issuing redirects (303) to a page that shows the secret once; reloading shows no secret and issues no client', async () => {
    const id = await activeContract(t.app);
    const post = await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants`)
      .set(as('alice'))
      .type('form')
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe(`/espace/habilitations/${id}/identifiants/nouveaux`);
    expect(await clientCount(id)).toBe(1);

    const shown = await request(t.app).get(post.headers.location!).set(as('alice'));
    expect(shown.status).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    const secret = secretOf(shown.text);
    const clientId = clientIdOf(shown.text);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(clientId).toMatch(/^dp_/);
    expect((await tokenRequest(t.app, { client_id: clientId!, client_secret: secret! })).status).toBe(200);

    const reload = await request(t.app).get(post.headers.location!).set(as('alice'));
    expect(reload.status).toBe(200);
    expect(reload.text).toContain('id="secret-consomme"');
    expect(secretOf(reload.text)).toBeUndefined();
    expect(await clientCount(id)).toBe(1);
    // Another person never sees the flash of someone else.
    const other = await request(t.app).get(post.headers.location!).set(as('janus'));
    expect(secretOf(other.text)).toBeUndefined();
  });

  it('rotating shows the new secret once (the old one stays valid during the overlap); revoking disables the client at /oauth/token and records a ledger event', async () => {
    const id = await activeContract(t.app);
    await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants`)
      .set(as('alice'))
      .type('form')
      .send({ token_endpoint_auth_method: 'client_secret_basic' })
      .expect(303);
    const first = await request(t.app).get(`/espace/habilitations/${id}/identifiants/nouveaux`).set(as('alice'));
    const clientId = clientIdOf(first.text)!;
    const oldSecret = secretOf(first.text)!;

    const contractPage = await request(t.app).get(`/espace/habilitations/${id}`).set(as('alice'));
    expect(contractPage.text).toContain(`/espace/habilitations/${id}/identifiants/${clientId}/renouveler`);
    expect(contractPage.text).toContain(`/espace/habilitations/${id}/identifiants/${clientId}/revoquer`);

    const rotate = await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants/${clientId}/renouveler`)
      .set(as('alice'))
      .type('form')
      .send({});
    expect(rotate.status).toBe(303);
    const rotated = await request(t.app).get(rotate.headers.location!).set(as('alice'));
    const newSecret = secretOf(rotated.text)!;
    expect(newSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.text).toContain('L’ancien secret reste valable');
    expect((await tokenRequest(t.app, { client_id: clientId, client_secret: newSecret })).status).toBe(200);
    expect((await tokenRequest(t.app, { client_id: clientId, client_secret: oldSecret })).status).toBe(200);
    expect(await clientCount(id)).toBe(1);

    const revoke = await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants/${clientId}/revoquer`)
      .set(as('alice'))
      .type('form')
      .send({});
    expect(revoke.status).toBe(303);
    expect(revoke.headers.location).toBe(`/espace/habilitations/${id}?info=revoque#identifiants`);
    const after = await request(t.app).get(`/espace/habilitations/${id}?info=revoque`).set(as('alice'));
    expect(after.text).toContain('Les identifiants ont été révoqués');
    expect(after.text).toContain('Révoqués');
    const refused = await tokenRequest(t.app, { client_id: clientId, client_secret: newSecret });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');

    const events = await request(t.app).get(`/v1/contracts/${id}/events`).set(as('alice'));
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['credential_issued', 'secret_rotated', 'credential_revoked']),
    );
    await new Promise((r) => setTimeout(r, 300));
    const ledger = await t.db.pool.query(
      `SELECT type, client_id, detail FROM ledger_events WHERE contract_id = $1 AND detail->>'action' = 'credential_revoked'`,
      [id],
    );
    expect(ledger.rows).toEqual([expect.objectContaining({ type: 'contract.transition', client_id: clientId })]);

    // A second revocation is refused in the page, not a 500.
    const again = await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants/${clientId}/revoquer`)
      .set(as('alice'))
      .type('form')
      .send({});
    expect(again.status).toBe(422);
    // Someone who is not the consumer's applicant may not revoke.
    const foreign = await request(t.app)
      .post(`/espace/habilitations/${id}/identifiants/${clientId}/renouveler`)
      .set(as('ivan'))
      .type('form')
      .send({});
    expect(foreign.status).toBe(422);
  });

  it('save, submit and decisions come back with their notice; « Demander l’accès » preselects the API', async () => {
    const dash = await request(t.app).get('/espace?api=cnaf-qf').set(as('alice'));
    expect(dash.text).toMatch(/<option value="cnaf-qf" selected>/);
    const created = await request(t.app)
      .post('/espace/habilitations')
      .set(as('alice'))
      .type('form')
      .send({ apiSlug: 'cnaf-qf', consumerSiret: CAST.alice.memberships[0]!.siret });
    expect(created.status).toBe(303);
    expect(created.headers.location).toMatch(/\?info=cree$/);
    const page = await request(t.app).get(created.headers.location!).set(as('alice'));
    expect(page.text).toContain('Votre demande a été créée');
    expect(
      (
        await request(t.app)
          .get(`${created.headers.location!.split('?')[0]}?info=<script>`)
          .set(as('alice'))
      ).text,
    ).not.toContain('id="message"');
  });

  it('a flash is taken once and expires', () => {
    let now = 0;
    const f = new SecretFlash(() => now);
    f.put('s', 'c', { client_id: 'dp_x', token_endpoint_auth_method: 'client_secret_basic', client_secret: 'x' });
    expect(f.take('s', 'c')?.client_id).toBe('dp_x');
    expect(f.take('s', 'c')).toBeNull();
    f.put('s', 'c', { client_id: 'dp_y', token_endpoint_auth_method: 'client_secret_basic' });
    now += 11 * 60_000;
    expect(f.take('s', 'c')).toBeNull();
  });
});
