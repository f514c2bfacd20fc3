import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, as, seedWorld } from '../contracts/fixtures.js';
import { activeContract } from '../contracts/flow.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

describe('GraphQL allowedEndpoints: what the calling consumer may call under its active contracts', () => {
  test('the consumer sees the granted operations and scopes; the producer and others see none', async () => {
    const id = await activeContract(t.app, { approve: { scopes: ['qf_valeur'] } });
    const query = { query: '{ allowedEndpoints { contractId apiSlug consumerSiret scopes endpoints { operationId pathTemplate } } }' };
    const res = await request(t.app).post('/graphql').set(as('alice')).send(query);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.allowedEndpoints).toEqual([
      {
        contractId: id,
        apiSlug: 'cnaf-qf',
        consumerSiret: '21690123100011',
        scopes: ['qf_valeur'],
        endpoints: [{ operationId: 'getQuotientFamilial', pathTemplate: '/quotient-familial' }],
      },
    ]);
    for (const other of ['ivan', 'gina'] as const) {
      const r = await request(t.app).post('/graphql').set(as(other)).send(query);
      expect(r.body.data.allowedEndpoints).toEqual([]);
    }
  });
});
