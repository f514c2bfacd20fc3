import request from 'supertest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { basic } from './flow.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

describe('demo: validated contracts and documented credentials after `npm start`', () => {
  test('the README’s demo consumer gets a token with one request', async () => {
    const d = DEMO_CONTRACTS[0]!;
    const res = await request(t.app)
      .post('/oauth/token')
      .set('Authorization', basic(d.clientId, d.secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
  });

  test('every demo contract is active with a signed version; seeding twice changes nothing', async () => {
    const before = await t.db.pool.query(`SELECT count(*)::int AS n FROM contracts WHERE status = 'active'`);
    expect(before.rows[0].n).toBeGreaterThanOrEqual(DEMO_CONTRACTS.length - 1);
    await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
    const after = await t.db.pool.query(`SELECT count(*)::int AS n FROM contracts`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM contract_versions WHERE status = 'validated' AND artefact IS NULL`,
    );
    expect(rows[0].n).toBe(0);
  });
});
