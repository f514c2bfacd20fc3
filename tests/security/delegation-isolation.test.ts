/**
 * Everyone sees only what is theirs, with editors (docs/architecture.md, invariant 6 and
 * "Delegations"), on the demo world with real sessions: the editor Solis Logiciels (E) acts for
 * the CCAS of Lyon (A) and of Villeurbanne (B). E sees its calls for both, never A's own calls
 * made without it; A sees its own calls and E's calls for A, never E's calls for B; neither reads
 * the other's delegations. REST and GraphQL give the same answers.
 */
import request from 'supertest';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { DEMO_EDITOR } from '../../gateway/demo/delegations.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { startDemoWorld, type DemoWorld } from '../exchange/demo-world.js';
import { loginAs, type LoginResult } from '../helpers/login.js';

const A = DEMO_ORGANISATIONS.villeLyon.siret;
const B = DEMO_ORGANISATIONS.villeVilleurbanne.siret;
const E = DEMO_ORGANISATIONS.solisLogiciels.siret;
const PERSON =
  'context=Isolation&object=Dossier%201&nomNaissance=MULLER&prenoms%5B%5D=No%C3%A9&anneeDateNaissance=2000&moisDateNaissance=6&jourDateNaissance=11&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=75118';

let world: DemoWorld;
const made = { aOwn: '', eForA: '', eForB: '' };
const who: Record<'a' | 'b' | 'e', LoginResult> = {} as never;

async function tokenOf(clientId: string, secret: string): Promise<string> {
  const res = await request(world.t.app)
    .post('/oauth/token')
    .auth(clientId, secret)
    .type('form')
    .send({ grant_type: 'client_credentials' });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

async function call(token: string, recipient: string): Promise<string> {
  const res = await request(world.t.app)
    .get(`/exchange/cnaf-quotient-familial/v1/quotient-familial?recipient=${recipient}&${PERSON}`)
    .set('Authorization', `Bearer ${token}`);
  expect([res.status, res.body.code]).toEqual([200, undefined]);
  return res.headers['x-request-id']!;
}

beforeAll(async () => {
  world = await startDemoWorld('security-delegations');
  const lyon = DEMO_CONTRACTS.find((c) => c.consumer === 'villeLyon' && c.apiSlug === 'cnaf-quotient-familial')!;
  made.aOwn = await call(await tokenOf(lyon.clientId, lyon.secret), A);
  const editor = await tokenOf(DEMO_EDITOR.clientId, DEMO_EDITOR.secret);
  made.eForA = await call(editor, A);
  made.eForB = await call(editor, B);
  who.a = await loginAs(world.t, 'ville-lyon-admin');
  who.b = await loginAs(world.t, 'ville-villeurbanne-admin');
  who.e = await loginAs(world.t, 'solis-logiciels-admin');
}, 180_000);
afterAll(async () => {
  await world?.stop();
});

async function rest(as: LoginResult, query: string): Promise<{ status: number; ids: string[]; code?: string }> {
  const res = await request(world.t.app).get(`/v1/exchanges?${query}`).set('Cookie', as.cookie);
  return { status: res.status, ids: ((res.body.items ?? []) as { id: string }[]).map((i) => i.id), code: res.body.code };
}

async function graphql(as: LoginResult, organisation: string, side: string): Promise<string[]> {
  const res = await request(world.t.app)
    .post('/graphql')
    .set('Cookie', as.cookie)
    .set('X-CSRF-Token', as.csrfToken)
    .send({ query: `{ exchanges(organisation: "${organisation}", side: "${side}") { items { id delegation { editorSiret } } } }` });
  expect(res.body.errors).toBeUndefined();
  return (res.body.data.exchanges.items as { id: string }[]).map((i) => i.id);
}

describe('an editor sees its calls for every client, never a client’s own calls', () => {
  test('E as editor: its calls for A and B; not A’s own call', async () => {
    const mine = await rest(who.e, `organisation=${E}&side=editor`);
    expect(mine.status).toBe(200);
    expect(mine.ids).toEqual(expect.arrayContaining([made.eForA, made.eForB]));
    expect(mine.ids).not.toContain(made.aOwn);
    expect(await graphql(who.e, E, 'editor')).toEqual(mine.ids);
  });

  test('E may not read A’s exchanges as A, nor list as editor for A', async () => {
    expect(await rest(who.e, `organisation=${A}`)).toMatchObject({ status: 403, code: 'client.forbidden' });
    expect(await rest(who.e, `organisation=${A}&side=editor`)).toMatchObject({ status: 403, code: 'client.forbidden' });
    expect((await rest(who.e, `organisation=${E}&side=consumer`)).ids).toEqual([]);
  });
});

describe('a client sees its editor’s calls for it, never the editor’s calls for another client', () => {
  test('A: its own call and E’s call for A, not E’s call for B', async () => {
    const a = await rest(who.a, `organisation=${A}`);
    expect(a.ids).toEqual(expect.arrayContaining([made.aOwn, made.eForA]));
    expect(a.ids).not.toContain(made.eForB);
    expect(await graphql(who.a, A, 'consumer')).toEqual(a.ids);
    expect((await rest(who.a, `organisation=${A}&side=editor`)).ids).toEqual([]);
  });

  test('B: E’s call for B only', async () => {
    const b = await rest(who.b, `organisation=${B}`);
    expect(b.ids).toContain(made.eForB);
    expect(b.ids).not.toContain(made.eForA);
    expect(b.ids).not.toContain(made.aOwn);
  });
});

describe('delegations are read and ended by their parties only', () => {
  test('A lists its delegation, not B’s; B’s is 404 to A, and A cannot end it', async () => {
    const a = await request(world.t.app).get('/v1/delegations').set('Cookie', who.a.cookie);
    const b = await request(world.t.app).get('/v1/delegations').set('Cookie', who.b.cookie);
    const e = await request(world.t.app).get('/v1/delegations').set('Cookie', who.e.cookie);
    expect((a.body.items as { consumerSiret: string }[]).map((d) => d.consumerSiret)).toEqual([A]);
    expect((e.body.items as { consumerSiret: string }[]).map((d) => d.consumerSiret).sort()).toEqual([A, B].sort());
    const ofB = (b.body.items as { id: string }[])[0]!.id;
    expect((await request(world.t.app).get(`/v1/delegations/${ofB}`).set('Cookie', who.a.cookie)).status).toBe(404);
    const end = await request(world.t.app)
      .post(`/v1/delegations/${ofB}/end`)
      .set('Cookie', who.a.cookie)
      .set('X-CSRF-Token', who.a.csrfToken)
      .send({});
    expect([end.status, end.body.code]).toEqual([404, 'client.not_found']);
  });

  test('E’s credentials are E’s: another organisation’s admin cannot list, issue or revoke them', async () => {
    const list = await request(world.t.app).get(`/v1/editors/${E}/clients`).set('Cookie', who.a.cookie);
    expect([list.status, list.body.code]).toEqual([403, 'client.forbidden']);
    const issue = await request(world.t.app)
      .post(`/v1/editors/${E}/clients`)
      .set('Cookie', who.a.cookie)
      .set('X-CSRF-Token', who.a.csrfToken)
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect([issue.status, issue.body.code]).toEqual([403, 'client.forbidden']);
    const revoke = await request(world.t.app)
      .post(`/v1/editors/${E}/clients/${DEMO_EDITOR.clientId}/revoke`)
      .set('Cookie', who.a.cookie)
      .set('X-CSRF-Token', who.a.csrfToken);
    expect([revoke.status, revoke.body.code]).toEqual([403, 'client.forbidden']);
  });
});

describe('the administration space shows each party its delegations and the editor its credentials', () => {
  test('pages: A sees its delegation only; E revokes its client, issues a new one, sees the secret once', async () => {
    const a = await request(world.t.app).get('/espace/delegations').set('Cookie', who.a.cookie);
    expect(a.status).toBe(200);
    expect(a.text).toContain('id="form-delegation"');
    expect((a.text.match(/data-delegation="/g) ?? []).length).toBe(1);
    const e = await request(world.t.app).get('/espace/delegations').set('Cookie', who.e.cookie);
    expect((e.text.match(/data-delegation="/g) ?? []).length).toBe(2);
    expect(e.text).toContain(`data-revoke="${DEMO_EDITOR.clientId}"`);
    const post = (path: string, body: Record<string, string> = {}) =>
      request(world.t.app)
        .post(path)
        .set('Cookie', who.e.cookie)
        .type('form')
        .send({ _csrf: who.e.csrfToken, ...body });
    expect((await post(`/espace/editeurs/${E}/identifiants/${DEMO_EDITOR.clientId}/revoquer`)).status).toBe(303);
    const issued = await post(`/espace/editeurs/${E}/identifiants`, { token_endpoint_auth_method: 'client_secret_basic' });
    expect([issued.status, issued.headers.location]).toEqual([303, '/espace/delegations?info=identifiants']);
    const once = await request(world.t.app).get(issued.headers.location!).set('Cookie', who.e.cookie);
    expect(once.text).toMatch(/id="client-secret"/);
    const again = await request(world.t.app).get(issued.headers.location!).set('Cookie', who.e.cookie);
    expect(again.text).not.toMatch(/id="client-secret"/);
    // The revoked demo client gets no token any more.
    const refused = await request(world.t.app)
      .post('/oauth/token')
      .auth(DEMO_EDITOR.clientId, DEMO_EDITOR.secret)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect([refused.status, refused.body.error]).toEqual([401, 'invalid_client']);
  });
});

describe('auditors see every delegation, and each read is recorded', () => {
  test('/audit/delegations lists both; the register names the editor under each contract; the read is in the ledger', async () => {
    const auditor = await loginAs(world.t, 'auditeur');
    const page = await request(world.t.app).get('/audit/delegations').set('Cookie', auditor.cookie);
    expect(page.status).toBe(200);
    expect((page.text.match(/data-delegation="/g) ?? []).length).toBe(2);
    const register = await request(world.t.app).get('/v1/audit/register?format=json').set('Cookie', auditor.cookie);
    const lyon = (register.body.entries ?? register.body) as {
      consumer: { siret: string };
      api: { slug: string };
      editors: { siret: string; software: string }[];
    }[];
    const entry = lyon.find((e) => e.consumer.siret === A && e.api.slug === 'cnaf-quotient-familial')!;
    expect(entry.editors).toEqual([expect.objectContaining({ siret: E, software: DEMO_EDITOR.software })]);
    const { rows } = await world.t.db.pool.query(
      `SELECT 1 FROM ledger_events WHERE type = 'audit.read' AND detail->>'action' = 'delegations.read'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    // Those who are not auditors are refused.
    expect((await request(world.t.app).get('/audit/delegations').set('Cookie', who.a.cookie)).status).toBe(403);
  });
});
