/**
 * The exchange ports of a running gateway, over the domains, built once by gateway/compose.ts:
 * tokens and contracts from the contracts services (authorisation server keys, LISTEN/NOTIFY
 * directory), endpoints from the catalogue's resolver, the shared PostgreSQL rate limiter, the
 * consent checker and FranceConnect mode of the consent services, the process's ledger writer
 * and connector registry.
 *
 * Every read of the exchange path goes through `deps.exchangePool` when the process has one
 * (docs/architecture.md, Data: the exchange path and the control plane use separate pools):
 * token keys, contract directory, catalogue, rate limiter and consent checker are then built on
 * it, apart from the control plane's services, which keep `deps.pool`.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../schemas/index.js';
import { accessTokenKeys, createContractDirectory, createSigningKeys } from '../../contracts/index.js';
import { createConsentChecker } from '../../consent/index.js';
import type { Config } from '../config.js';
import type { ContractsServices } from '../services/contracts-context.js';
import type { ConsentServices } from '../services/citizen/consent-context.js';
import type { ExchangePorts, RealExchangeParts } from '../../exchange/index.js';
import type { ExchangeSettings } from '../../exchange/index.js';
import { consentCheckerPort } from './consent.js';
import { catalogEndpoints } from './catalog.js';
import { contractsDirectory, contractsTokenVerifier } from './contracts.js';
import { pgRateLimiter } from './pg-rate-limiter.js';

export interface ExchangePortsDeps {
  config: Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'RATE_LIMIT_BATCH_FRACTION'>;
  pool: pg.Pool;
  exchangePool?: pg.Pool;
  logger: Logger;
  clock: Clock;
}

/**
 * The token keys, contract directory and consent checker of the exchange path: the control
 * plane's when both share one pool, else their own instances on the exchange pool (same issuer
 * and audience; LISTEN/NOTIFY keeps both caches in step).
 */
function onExchangePool(deps: ExchangePortsDeps, pool: pg.Pool, contracts: ContractsServices, consent: ConsentServices) {
  if (pool === deps.pool) {
    return { tokenKeys: contracts.tokenKeys, directory: contracts.directory, checker: consent.checker, close: async () => undefined };
  }
  const keys = createSigningKeys({
    pool,
    clock: deps.clock,
    secret: deps.config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const { issuer, audience } = contracts.tokenKeys;
  const directory = createContractDirectory(pool, deps.logger, { clock: deps.clock });
  const checker = createConsentChecker({ pool, clock: deps.clock, logger: deps.logger });
  return {
    tokenKeys: accessTokenKeys(keys, { issuer, audience, clock: deps.clock }),
    directory,
    checker,
    close: async () => {
      await directory.close();
      await checker.close();
    },
  };
}

/** Builds the real ports; `close()` releases the catalogue listener (and the exchange pool's own listeners). */
export function createExchangePorts(
  deps: ExchangePortsDeps,
  services: { contracts: ContractsServices; consent: ConsentServices },
  parts: Required<RealExchangeParts>,
): ExchangePorts & { close(): Promise<void> } {
  const pool = deps.exchangePool ?? deps.pool;
  const own = onExchangePool(deps, pool, services.contracts, services.consent);
  const catalog = catalogEndpoints(pool, { listen: true });
  return {
    tokens: contractsTokenVerifier(own.tokenKeys, { isTokenRevoked: (jti) => own.directory.isTokenRevoked(jti) }),
    contracts: contractsDirectory({ get: (id) => own.directory.get(id), editor: (siret) => own.directory.editor(siret) }),
    catalog: {
      resolve: (slug, method, path) => catalog.resolve(slug, method, path),
      mask: (body, scopes) => catalog.mask(body, scopes),
      fieldsDelivered: (body) => catalog.fieldsDelivered(body),
      dataElements: (slug, pointers) => catalog.dataElements!(slug, pointers),
      fieldLinks: (slug) => catalog.fieldLinks(slug),
    },
    connectors: parts.connectors,
    ledger: parts.ledger,
    rateLimiter: pgRateLimiter(pool, deps.clock, { batchFraction: deps.config.RATE_LIMIT_BATCH_FRACTION }),
    consent: consentCheckerPort(() => own.checker),
    citizenTokens: services.consent.citizenTokens,
    clock: deps.clock,
    close: async () => {
      await catalog.close();
      await own.close();
    },
  };
}

/** The pipeline's settings from the configuration (its denial flush is a background job). */
export function exchangeSettings(
  config: Pick<
    Config,
    | 'PUBLIC_URL'
    | 'UPSTREAM_TIMEOUT_MS'
    | 'SUBJECT_HMAC_SECRET'
    | 'RATE_LIMIT_PER_MINUTE'
    | 'TOKEN_CACHE_MAX'
    | 'CIRCUIT_FAILURE_THRESHOLD'
    | 'CIRCUIT_OPEN_MS'
    | 'EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE'
  >,
  logger: Pick<Logger, 'error'>,
): ExchangeSettings & { publicUrl: string } {
  const c = config;
  return {
    publicUrl: c.PUBLIC_URL,
    upstreamTimeoutMs: c.UPSTREAM_TIMEOUT_MS,
    subjectSecret: c.SUBJECT_HMAC_SECRET,
    defaultRateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    tokenCacheMax: c.TOKEN_CACHE_MAX,
    circuitFailureThreshold: c.CIRCUIT_FAILURE_THRESHOLD,
    circuitOpenMs: c.CIRCUIT_OPEN_MS,
    anonymousLimitPerMinute: c.EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE,
    onDenialFlushError: (err) => logger.error({ err }, 'aggregated exchange denials not recorded yet (retried)'),
    denialFlushTimer: false,
  };
}
