import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSchema, weakSecretReason } from '../schemas/index.js';

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
  DB_EXCHANGE_POOL_MAX: number;
  GRAPHQL_MAX_DEPTH: number;
  GRAPHQL_MAX_ALIASES: number;
  GRAPHQL_MAX_COST: number;
  GRAPHQL_MAX_TOKENS: number;
  GRAPHQL_TIMEOUT_MS: number;
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  BODY_LIMIT_BYTES: number;
  OPENAPI_IMPORT_LIMIT_BYTES: number;
  SHUTDOWN_TIMEOUT_MS: number;
  ADMIN_TOKEN?: string;
  /** Resolved by loadConfig: true outside production unless set. */
  DEMO: boolean;
  SUBJECT_HMAC_SECRET: string;
  SESSION_SECRET: string;
  KEY_ENCRYPTION_SECRET: string;
  /** Connector targets (inline JSON or a JSON/YAML file path), parsed by the connectors domain. */
  CONNECTOR_TARGETS?: string;
  ACCESS_TOKEN_TTL_SECONDS: number;
  UPSTREAM_TIMEOUT_MS: number;
  CIRCUIT_FAILURE_THRESHOLD: number;
  CIRCUIT_OPEN_MS: number;
  RATE_LIMIT_PER_MINUTE: number;
  EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE: number;
  RATE_LIMIT_BATCH_FRACTION: number;
  TOKEN_CACHE_MAX: number;
  LEDGER_CHAIN_ID?: string;
  LEDGER_MAX_BATCH: number;
  LEDGER_MAX_QUEUE: number;
  LEDGER_CHECKPOINT_EVENTS: number;
  LEDGER_CHECKPOINT_INTERVAL_MS: number;
  /** Ledger trust outside the database: inline JSON or a file path each (gateway/process/ledger-trust.ts). */
  LEDGER_PINNED_KEYS?: string;
  LEDGER_WITNESSES?: string;
  LEDGER_WITNESS_QUORUM?: number;
  LEDGER_CHECKPOINT_LOG?: string;
  LEDGER_ARCHIVE_DIR: string;
  LEDGER_RETENTION_MIN_DAYS: number;
  LEDGER_RETENTION_MAX_DAYS: number;
  LEDGER_RETENTION_INTERVAL_MS: number;
  /** `datapedia witness` only. */
  WITNESS_NAME: string;
  WITNESS_PORT: number;
  WITNESS_STATE_DIR: string;
  KAFKA_BROKERS?: string;
  KAFKA_TOPIC: string;
  KAFKA_CLIENT_ID: string;
  SMTP_URL?: string;
  MAIL_FROM: string;
  /** Resolved by loadConfig: true outside production unless set. */
  EMBEDDED_IDP: boolean;
  SESSION_TTL_SECONDS: number;
  AGENT_OIDC_ISSUER?: string;
  AGENT_OIDC_CLIENT_ID?: string;
  AGENT_OIDC_CLIENT_SECRET?: string;
  AGENT_OIDC_SCOPES: string;
  CITIZEN_OIDC_ISSUER?: string;
  CITIZEN_OIDC_CLIENT_ID?: string;
  CITIZEN_OIDC_CLIENT_SECRET?: string;
  CITIZEN_OIDC_SCOPES: string;
  AGENT_OIDC_ACR_VALUES?: string;
  CITIZEN_OIDC_ACR_VALUES?: string;
  LEGAL_PUBLISHER?: string;
  LEGAL_ADDRESS?: string;
  LEGAL_DIRECTOR?: string;
  LEGAL_HOST?: string;
  LEGAL_CONTACT_EMAIL?: string;
  LEGAL_DPO_EMAIL?: string;
  METRICS_TOKEN?: string;
  FLOWS_BLOB_STORE: 'folder' | 's3';
  FLOWS_S3_BUCKET?: string;
  FLOWS_S3_PREFIX: string;
  FLOWS_S3_ENDPOINT?: string;
  FLOWS_S3_REGION: string;
  FLOWS_S3_ACCESS_KEY_ID?: string;
  FLOWS_S3_SECRET_ACCESS_KEY?: string;
  FLOWS_VISIBILITY_TIMEOUT_MS: number;
  FLOWS_WEBHOOK_HOSTS?: string;
  MANDATE_DECLARERS?: string;
  FLOWS_WEBHOOK_MAX_ATTEMPTS: number;
  FLOWS_WEBHOOK_BASE_DELAY_MS: number;
  FLOWS_API_SLUG: string;
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

const DEV_SECRETS = ['SUBJECT_HMAC_SECRET', 'SESSION_SECRET', 'KEY_ENCRYPTION_SECRET'] as const;
/** Every secret of the configuration: its value never appears in a violation; in production it must be strong. */
const SECRETS = [
  ...DEV_SECRETS,
  'ADMIN_TOKEN',
  'AGENT_OIDC_CLIENT_SECRET',
  'CITIZEN_OIDC_CLIENT_SECRET',
  'METRICS_TOKEN',
  'FLOWS_S3_SECRET_ACCESS_KEY',
];

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
      violations.push(`${name}: ${e.message}${SECRETS.includes(name) ? '' : ` (got ${JSON.stringify(env[name])})`}`);
    }
  }
  if (input.NODE_ENV === 'production') violations.push(...weakSecretViolations(input, properties));
  violations.push(...identityViolations(input));
  if (violations.length > 0) throw new ConfigError(violations);
  input.EMBEDDED_IDP ??= input.NODE_ENV !== 'production';
  input.DEMO ??= input.NODE_ENV !== 'production';
  return input as unknown as Config;
}

/**
 * Production refuses the development defaults and any weak secret (placeholders, few distinct
 * characters, runs and repeats, too little estimated entropy: schemas/secret-strength.ts).
 */
function weakSecretViolations(input: Record<string, unknown>, properties: Record<string, { default?: unknown }>): string[] {
  const out: string[] = [];
  for (const name of SECRETS) {
    const value = input[name];
    if (typeof value !== 'string') continue;
    if (value === properties[name]?.default) {
      out.push(`${name}: must be set in production`);
      continue;
    }
    const why = weakSecretReason(value);
    if (why) out.push(`${name}: weak secret refused in production: ${why}`);
  }
  return out;
}

/** An external OpenID provider needs its client id and secret (agents: ProConnect, citizens: FranceConnect). */
function identityViolations(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const who of ['AGENT', 'CITIZEN'] as const) {
    if (input[`${who}_OIDC_ISSUER`] === undefined) continue;
    for (const v of [`${who}_OIDC_CLIENT_ID`, `${who}_OIDC_CLIENT_SECRET`]) {
      if (input[v] === undefined) out.push(`${v}: required with ${who}_OIDC_ISSUER`);
    }
  }
  return out;
}

/** The variables of schemas/config.json as a Markdown table (`datapedia config`, README). */
export function configMarkdownTable(): string {
  const props = loadSchema('config.json').properties as Record<
    string,
    { type?: string | string[]; default?: unknown; description?: string }
  >;
  const rows = Object.entries(props).map(
    ([name, p]) =>
      `| \`${name}\` | ${[p.type ?? ''].flat().join(' ')} | ${p.default === undefined ? '—' : `\`${String(p.default)}\``} | ${p.description ?? ''} |`,
  );
  return `| variable | type | default | meaning |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}
