import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSchema } from '../schemas/index.js';

/** The parsed configuration. Field names are the environment variables of schemas/config.json. */
export interface Config {
  NODE_ENV: 'development' | 'test' | 'production';
  PORT: number;
  HOST: string;
  PUBLIC_URL: string;
  DATABASE_URL?: string;
  DATA_DIR: string;
  EMBEDDED_PG_PORT: number;
  DB_POOL_MAX: number;
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  BODY_LIMIT_BYTES: number;
  OPENAPI_IMPORT_LIMIT_BYTES: number;
  SHUTDOWN_TIMEOUT_MS: number;
  ADMIN_TOKEN?: string;
  DEMO: boolean;
  SUBJECT_HMAC_SECRET: string;
  SESSION_SECRET: string;
}

/** Thrown when the environment does not satisfy schemas/config.json; lists every violation. */
export class ConfigError extends Error {
  readonly violations: string[];
  constructor(violations: string[]) {
    super(`invalid configuration:\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    this.name = 'ConfigError';
    this.violations = violations;
  }
}

const DEV_SECRETS = ['SUBJECT_HMAC_SECRET', 'SESSION_SECRET'] as const;

/**
 * Parses the environment against schemas/config.json: types coerced, defaults applied,
 * only the variables the schema names are read. The only reader of `process.env` is main/cli.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const schema = loadSchema('config.json');
  const properties = schema.properties as Record<string, { type?: string; default?: unknown }>;
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(properties)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') input[name] = raw;
  }
  const ajv = new Ajv2020({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const violations: string[] = [];
  if (!validate(input)) {
    for (const e of validate.errors ?? []) {
      const name = e.instancePath.replace(/^\//, '') || String(e.params.additionalProperty ?? '');
      violations.push(`${name}: ${e.message} (got ${JSON.stringify(env[name])})`);
    }
  }
  if (input.NODE_ENV === 'production') {
    for (const name of DEV_SECRETS) {
      if (input[name] === properties[name]?.default) violations.push(`${name}: must be set in production`);
    }
  }
  if (violations.length > 0) throw new ConfigError(violations);
  return input as unknown as Config;
}
