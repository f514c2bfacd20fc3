import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../gateway/config.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_CONTRACTS } from '../../gateway/demo/contracts.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

/** A logger writing to a string, at info level (what `npm start` prints). */
function capturingLogger(): { logger: pino.Logger; text(): string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), text: () => out };
}

const strong = () => randomBytes(32).toString('base64url');

describe('production defaults: the demo world and its credentials stay out of production', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  test('an empty production database gets no demo world by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SUBJECT_HMAC_SECRET: strong(),
      SESSION_SECRET: strong(),
      KEY_ENCRYPTION_SECRET: strong(),
    });
    expect(config.DEMO).toBe(false);
  });

  test('with DEMO=true in production: demo contracts, but no OAuth2 client and no secret in the logs', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DEMO: 'true',
      LOG_LEVEL: 'info',
      SUBJECT_HMAC_SECRET: strong(),
      SESSION_SECRET: strong(),
      KEY_ENCRYPTION_SECRET: strong(),
    });
    const log = capturingLogger();
    await seedDemo(db.pool, log.logger, config);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM oauth_clients`);
    expect(rows[0].n).toBe(0);
    const { rows: secrets } = await db.pool.query(`SELECT count(*)::int AS n FROM oauth_client_secrets`);
    expect(secrets[0].n).toBe(0);
    const text = log.text();
    expect(text).toContain('demo contracts loaded');
    expect(text).not.toMatch(/clientSecret|curl -u|demo credentials/);
    for (const d of DEMO_CONTRACTS) expect(text).not.toContain(d.secret);
  }, 120_000);

  test('in development the documented demo credentials are still printed once', async () => {
    const dev = await createTestDatabase();
    try {
      const log = capturingLogger();
      await seedDemo(dev.pool, log.logger, loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info' }));
      expect(log.text()).toContain(`curl -u '${DEMO_CONTRACTS[0]!.clientId}:${DEMO_CONTRACTS[0]!.secret}'`);
      const { rows } = await dev.pool.query(`SELECT count(*)::int AS n FROM oauth_clients`);
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await dev.drop();
    }
  }, 120_000);
});
