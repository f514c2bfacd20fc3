import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
    for (const [name, p] of Object.entries(props))
      expect([name, typeof p.description === 'string' && p.description.length > 10]).toEqual([name, true]);
  });

  test('the process stops non-zero listing the violations', () => {
    const r = spawnSync(process.execPath, ['bin/datapedia.mjs', 'start'], {
      env: { PATH: process.env.PATH, PORT: '-1', LOG_LEVEL: 'nope' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PORT:/);
    expect(r.stderr).toMatch(/LOG_LEVEL:/);
  });
});

/** Strong values for every secret production requires (32 random bytes each). */
function strongSecrets(): Record<string, string> {
  return Object.fromEntries(
    ['SUBJECT_HMAC_SECRET', 'SESSION_SECRET', 'KEY_ENCRYPTION_SECRET'].map((k) => [k, randomBytes(32).toString('base64url')]),
  );
}

describe('production defaults: no demo world, no weak secret', () => {
  test('DEMO defaults to false in production and to true elsewhere; an explicit value wins', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...strongSecrets() }).DEMO).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO: 'true', ...strongSecrets() }).DEMO).toBe(true);
    expect(loadConfig({}).DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).DEMO).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).DEMO).toBe(false);
  });

  test('strong random secrets are accepted (base64url and hex of 32 bytes, OIDC client secrets, admin token)', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      ...strongSecrets(),
      ADMIN_TOKEN: randomBytes(32).toString('hex'),
      AGENT_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
      AGENT_OIDC_CLIENT_ID: 'datapedia',
      AGENT_OIDC_CLIENT_SECRET: randomBytes(32).toString('hex'),
    });
    expect(c.NODE_ENV).toBe('production');
  });

  test.each([
    ['one repeated character', 'p'.repeat(64)],
    ['a tiny alphabet', 'ab'.repeat(20)],
    ['a repeated chunk', 'Xk9#mQ2v'.repeat(5)],
    ['runs and sequences', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'],
    ['a placeholder', 'please-change-me-before-going-live-Zq8Jw3'],
    ['the development default of another variable', 'dev-only-session-secret-change-me-0123456789'],
    ['too little entropy', 'Lyon2026Lyon2026!abcdEFGH1234'.padEnd(32, 'x')],
  ])('refused in production: %s, for every secret variable, listed without its value', (_why, weak) => {
    const names = [
      'SUBJECT_HMAC_SECRET',
      'SESSION_SECRET',
      'KEY_ENCRYPTION_SECRET',
      'ADMIN_TOKEN',
      'AGENT_OIDC_CLIENT_SECRET',
      'CITIZEN_OIDC_CLIENT_SECRET',
    ];
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        ...Object.fromEntries(names.map((n) => [n, weak])),
        AGENT_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
        AGENT_OIDC_CLIENT_ID: 'datapedia',
        CITIZEN_OIDC_ISSUER: 'https://app.franceconnect.gouv.fr/api/v1',
        CITIZEN_OIDC_CLIENT_ID: 'datapedia',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const violations = (error as ConfigError).violations;
    expect(violations.map((v) => v.split(':')[0]).sort()).toEqual([...names].sort());
    expect(violations.join('\n')).not.toContain(weak);
  });

  test('outside production the same values are accepted (development and tests keep their fixed secrets)', () => {
    expect(loadConfig({ NODE_ENV: 'development', SESSION_SECRET: 'p'.repeat(64) }).SESSION_SECRET).toBe('p'.repeat(64));
  });

  test('a too-short secret is reported without echoing it', () => {
    let error: unknown;
    try {
      loadConfig({ SESSION_SECRET: 'short-secret-value' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).violations.join('\n')).toMatch(/SESSION_SECRET:/);
    expect((error as ConfigError).violations.join('\n')).not.toContain('short-secret-value');
  });

  test('the process stops with 78 listing each weak secret, never its value', () => {
    const weak = 'a'.repeat(48);
    // The sources through tsx (bin/datapedia.mjs runs dist/ in production; the build has its own test).
    const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'gateway/cli/index.ts', 'start'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        ...strongSecrets(),
        SESSION_SECRET: weak,
        ADMIN_TOKEN: '0123456789abcdef0123456789abcdef',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/SESSION_SECRET: weak secret refused in production/);
    expect(r.stderr).toMatch(/ADMIN_TOKEN: weak secret refused in production/);
    expect(r.stderr).not.toContain(weak);
    expect(r.stderr).not.toContain('0123456789abcdef0123456789abcdef');
  });
});
