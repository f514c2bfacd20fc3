/**
 * The exchange ports of a running gateway, over the domains (STYLE.md #2: built once per app):
 * tokens and contracts from the contracts runtime (authorisation server keys, LISTEN/NOTIFY
 * directory), endpoints from the catalogue's resolver, the shared PostgreSQL rate limiter,
 * the consent checker and FranceConnect mode of the consent runtime (gateway/consent). The ledger writer and the connector registry are process-wide
 * resources given by the caller (main.ts); without them exchanges fail closed with 503.
 */
import { ProblemError } from '../../../schemas/index.js';
import type { AppDeps } from '../../deps.js';
import { contractsRuntime } from '../../routes/contracts-runtime.js';
import type { EndpointCatalog, ExchangePorts, LedgerWriter, RealExchangeParts } from '../ports.js';
import { consentRuntime } from '../../consent/runtime.js';
import { consentCheckerPort } from '../../consent/exchange-port.js';
import { catalogEndpoints } from './catalog.js';
import { contractsDirectory, contractsTokenVerifier } from './contracts.js';
import { pgRateLimiter } from './pg-rate-limiter.js';

const noLedger: LedgerWriter = {
  append: async () => { throw new ProblemError('gateway.ledger_unavailable', { detail: 'Journal des échanges non configuré.', headers: { 'Retry-After': '30' } }); },
};

/** Builds the real ports; `close()` releases the catalogue listener. */
export function createExchangePorts(deps: AppDeps, parts: RealExchangeParts = {}): ExchangePorts & { close(): Promise<void> } {
  const contracts = contractsRuntime(deps);
  let catalog: (EndpointCatalog & { close(): Promise<void> }) | null = null;
  const lazyCatalog = () => (catalog ??= catalogEndpoints(deps.pool, { listen: true }));
  return {
    tokens: contractsTokenVerifier(contracts.tokenKeys, { isTokenRevoked: (jti) => contracts.directory().isTokenRevoked(jti) }),
    contracts: contractsDirectory({ get: (id) => contracts.directory().get(id) }),
    catalog: {
      resolve: (slug, method, path) => lazyCatalog().resolve(slug, method, path),
      mask: (body, scopes) => lazyCatalog().mask(body, scopes),
      fieldsDelivered: (body) => lazyCatalog().fieldsDelivered(body),
      dataElements: (slug, pointers) => lazyCatalog().dataElements!(slug, pointers),
      fieldLinks: (slug) => lazyCatalog().fieldLinks(slug),
    },
    connectors: parts.connectors ?? { forApi: () => null },
    ledger: parts.ledger ?? noLedger,
    rateLimiter: pgRateLimiter(deps.pool, deps.clock, { batchFraction: deps.config.RATE_LIMIT_BATCH_FRACTION }),
    consent: consentCheckerPort(() => consentRuntime(deps).checker()),
    citizenTokens: consentRuntime(deps).citizenTokens,
    clock: deps.clock,
    close: async () => { await catalog?.close(); },
  };
}
