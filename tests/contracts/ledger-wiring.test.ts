import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { createLedgerWriter, verifyLedger, type LedgerWriter } from '../../ledger/index.js';
import { CAST, LYON, as, fullForm, seedWorld } from './fixtures.js';
import { eventually } from '../helpers/eventually.js';

let t: TestApp;
let writer: LedgerWriter;
beforeAll(async () => {
  // The app with this process's ledger writer, as main.ts wires it.
  t = await startTestApp({
    deps: (db, clock) => {
      writer = createLedgerWriter({ pool: db.pool, chainId: 'test-contracts', clock });
      return { authenticators: [testPrincipals(CAST)], ledger: writer };
    },
  });
  await seedWorld(t.db.pool);
});
afterAll(async () => {
  await writer.close();
  await t.stop();
});

describe('contract transitions and credential issuance are appended to the ledger', () => {
  test('submit, approve, credentials: each a ledger event with field names only', async () => {
    const created = await request(t.app)
      .post('/v1/contracts')
      .set(as('alice'))
      .send({ apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() })
      .expect(201);
    const id = created.body.id as string;
    await request(t.app).post(`/v1/contracts/${id}/submit`).set(as('alice')).expect(200);
    await request(t.app)
      .post(`/v1/contracts/${id}/approve`)
      .set(as('ivan'))
      .send({ scopes: ['qf_valeur'] })
      .expect(200);
    const events = async () =>
      (await t.db.pool.query(`SELECT type, contract_id, detail FROM ledger_events WHERE contract_id = $1 ORDER BY seq`, [id])).rows;
    await eventually('the transitions appended to the ledger', async () => (await events()).length >= 2);
    const rows = await events();
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['contract.transition']));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain('Claire');
    expect((await verifyLedger(t.db.pool)).ok).toBe(true);
  });
});
