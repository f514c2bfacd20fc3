import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, as, seedWorld, fullForm, LYON } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

function gql(who: keyof typeof CAST | null, query: string, variables: Record<string, unknown> = {}): request.Test {
  const r = request(t.app).post('/graphql').send({ query, variables });
  return who ? r.set(as(who)) : r;
}

describe('contracts over GraphQL: same functions, same codes', () => {
  test('create, submit, approve with fewer scopes; the history is readable', async () => {
    const created = await gql(
      'alice',
      'mutation($f: String) { createHabilitationRequest(apiSlug: "cnaf-qf", consumerSiret: "' + LYON + '", formJson: $f) { id status } }',
      { f: JSON.stringify(fullForm()) },
    );
    const id = created.body.data.createHabilitationRequest.id;
    await gql('alice', 'mutation($id: ID!) { submitHabilitationRequest(id: $id) { id } }', { id });
    const ok = await gql(
      'ivan',
      'mutation($id: ID!) { approveHabilitationRequest(id: $id, decision: { scopes: ["qf_valeur"] }) { status versions { status grantedJson } } }',
      { id },
    );
    expect(ok.body.data.approveHabilitationRequest.status).toBe('active');
    expect(JSON.parse(ok.body.data.approveHabilitationRequest.versions[0].grantedJson).scopes).toEqual(['qf_valeur']);
    const read = await gql('audrey', 'query($id: ID!) { contract(id: $id) { events { action actorRole } } }', { id });
    expect(read.body.data.contract.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'approve']);
  });

  test('errors carry the problem code: self-instruction, missing reason, anonymous', async () => {
    const created = await gql(
      'alice',
      'mutation($f: String) { createHabilitationRequest(apiSlug: "cnaf-qf", consumerSiret: "' + LYON + '", formJson: $f) { id } }',
      { f: JSON.stringify(fullForm()) },
    );
    const id = created.body.data.createHabilitationRequest.id;
    await gql('alice', 'mutation($id: ID!) { submitHabilitationRequest(id: $id) { id } }', { id });
    const self = await gql('janus', 'mutation($id: ID!) { approveHabilitationRequest(id: $id) { id } }', { id });
    expect(self.body.errors[0].extensions.code).toBe('client.self_instruction');
    const noReason = await gql('ivan', 'mutation($id: ID!) { refuseHabilitationRequest(id: $id, decision: {}) { id } }', { id });
    expect(noReason.body.errors[0].extensions.code).toBe('client.reason_required');
    const anon = await gql(null, '{ contracts { id } }');
    expect(anon.body.errors[0].extensions.code).toBe('client.unauthenticated');
  });
});
