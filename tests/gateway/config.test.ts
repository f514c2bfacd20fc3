import { spawnSync } from 'node:child_process';
import { loadConfig, ConfigError } from '../../gateway/config.js';
import { loadSchema } from '../../schemas/index.js';

describe('configuration is parsed once against schemas/config.json', () => {
  test('defaults apply and types are coerced', () => {
    const c = loadConfig({ PORT: '8080', DEMO: 'false' });
    expect(c.PORT).toBe(8080);
    expect(c.DEMO).toBe(false);
    expect(c.BODY_LIMIT_BYTES).toBe(1048576);
    expect(c.HOST).toBe('0.0.0.0');
  });

  test('every violation is listed, not only the first', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', BODY_LIMIT_BYTES: '12', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).violations.map((v) => v.split(':')[0]);
    expect(names.sort()).toEqual(['BODY_LIMIT_BYTES', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  test('production refuses the development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SUBJECT_HMAC_SECRET: must be set in production/);
  });

  test('every variable is documented', () => {
    const props = loadSchema('config.json').properties as Record<string, { description?: string }>;
    for (const [name, p] of Object.entries(props)) expect([name, typeof p.description === 'string' && p.description.length > 10]).toEqual([name, true]);
  });

  test('the process stops non-zero listing the violations', () => {
    const r = spawnSync(process.execPath, ['bin/datapedia.mjs', 'start'], {
      env: { PATH: process.env.PATH, PORT: '-1', LOG_LEVEL: 'nope' }, encoding: 'utf8', timeout: 20000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PORT:/);
    expect(r.stderr).toMatch(/LOG_LEVEL:/);
  });
});
