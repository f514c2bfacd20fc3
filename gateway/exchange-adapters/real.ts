/**
 * The exchange ports of a running gateway, over the domains (STYLE.md #2: built once per app):
 * tokens and contracts from the contracts runtime (authorisation server keys, LISTEN/NOTIFY
 * directory), endpoints from the catalogue's resolver, the shared PostgreSQL rate limiter,
 * the consent checker and FranceConnect mode of the consent runtime (gateway/consent). The ledger writer and the connector registry are process-wide
 * resources given by the caller (main.ts); without them exchanges fail closed with 503.
 *
 * Every read of the exchange path goes through `deps.exchangePool` when the app has one
 * (docs/architecture.md, Data: the exchange path and the control plane use separate pools):
 * token keys, contract directory, catalogue, rate limiter and consent checker are then built on
 * it, apart from the control plane's runtimes, which keep `deps.pool`.
 */
import type pg from 'pg';
import { ProblemError } from '../../schemas/index.js';
import { accessTokenKeys, createContractDirectory, createSigningKeys } from '../../contracts/index.js';
import { createConsentChecker } from '../../consent/index.js';
import type { AppDeps } from '../deps.js';
import { contractsRuntime } from '../services/contracts-runtime.js';
import type { EndpointCatalog, ExchangePorts, LedgerWriter, RealExchangeParts } from '../../exchange/ports.js';
import { consentRuntime } from '../services/citizen/runtime.js';
import { consentCheckerPort } from './consent.js';
import { catalogEndpoints } from './catalog.js';
import { contractsDirectory, contractsTokenVerifier } from './contracts.js';
import { pgRateLimiter } from './pg-rate-limiter.js';

const noLedger: LedgerWriter = {
  append: async () => { throw new ProblemError('gateway.ledger_unavailable', { detail: 'Journal des échanges non configuré.', headers: { 'Retry-After': '30' } }); },
};

/**
 * The token keys, contract directory and consent checker of the exchange path: the control
 * plane's runtimes when both share one pool, else their own instances on the exchange pool
 * (same issuer and audience; LISTEN/NOTIFY keeps both caches in step).
 */
function exchangeRuntimes(deps: AppDeps, pool: pg.Pool) {
  const contracts = contractsRuntime(deps);
  if (pool === deps.pool) {
    return { tokenKeys: contracts.tokenKeys, directory: () => contracts.directory(), checker: () => consentRuntime(deps).checker(), close: async () => undefined };
  }
  const keys = createSigningKeys({ pool, clock: deps.clock, secret: deps.config.KEY_ENCRYPTION_SECRET, tokenTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS });
  const { issuer, audience } = contracts.tokenKeys;
  let directory: ReturnType<typeof createContractDirectory> | null = null;
  let checker: ReturnType<typeof createConsentChecker> | null = null;
  return {
    tokenKeys: accessTokenKeys(keys, { issuer, audience, clock: deps.clock }),
    directory: () => (directory ??= createContractDirectory(pool, deps.logger, { clock: deps.clock })),
    checker: () => (checker ??= createConsentChecker({ pool, clock: deps.clock, logger: deps.logger })),
    close: async () => { await directory?.close(); await checker?.close(); },
  };
}

/** Builds the real ports; `close()` releases the catalogue listener (and the exchange pool's own listeners). */
export function createExchangePorts(deps: AppDeps, parts: RealExchangeParts = {}): ExchangePorts & { close(): Promise<void> } {
  const pool = deps.exchangePool ?? deps.pool;
  const runtimes = exchangeRuntimes(deps, pool);
  let catalog: (EndpointCatalog & { close(): Promise<void> }) | null = null;
  const lazyCatalog = () => (catalog ??= catalogEndpoints(pool, { listen: true }));
  return {
    tokens: contractsTokenVerifier(runtimes.tokenKeys, { isTokenRevoked: (jti) => runtimes.directory().isTokenRevoked(jti) }),
    contracts: contractsDirectory({ get: (id) => runtimes.directory().get(id) }),
    catalog: {
      resolve: (slug, method, path) => lazyCatalog().resolve(slug, method, path),
      mask: (body, scopes) => lazyCatalog().mask(body, scopes),
      fieldsDelivered: (body) => lazyCatalog().fieldsDelivered(body),
      dataElements: (slug, pointers) => lazyCatalog().dataElements!(slug, pointers),
      fieldLinks: (slug) => lazyCatalog().fieldLinks(slug),
    },
    connectors: parts.connectors ?? { forApi: () => null },
    ledger: parts.ledger ?? noLedger,
    rateLimiter: pgRateLimiter(pool, deps.clock, { batchFraction: deps.config.RATE_LIMIT_BATCH_FRACTION }),
    consent: consentCheckerPort(() => runtimes.checker()),
    citizenTokens: consentRuntime(deps).citizenTokens,
    clock: deps.clock,
    close: async () => { await catalog?.close(); await runtimes.close(); },
  };
}
