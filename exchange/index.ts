/**
 * The exchange domain: the pipeline of one exchange, its steps, the context they share and the
 * ports its adapters implement (docs/architecture.md, "Exchange pipeline"). No HTTP, no SQL:
 * other folders import the exchange only through this file.
 */
export { createExchangePipeline, EXCHANGE_STEPS } from './pipeline.js';
export type { ExchangePipeline, ExchangeStep } from './pipeline.js';
export type { ExchangeContext, ExchangeInput, ExchangeResult, ExchangeRuntime, ExchangeSettings, Traceability } from './context.js';
export type {
  AccessTokenClaims,
  CitizenTokenVerifier,
  ConnectorRegistry,
  ConsentChecker,
  ConsentDecision,
  ConsentQuestion,
  ContractDirectory,
  ContractGrant,
  EndpointCatalog,
  EndpointParameter,
  ExchangeEvent,
  ExchangePorts,
  LedgerWriter,
  RateDecision,
  RateLimiter,
  RealExchangeParts,
  ResolvedEndpoint,
  ScopeDefinition,
  TokenVerifier,
  UpstreamConnector,
  UpstreamRequest,
  UpstreamResponse,
} from './ports.js';
// The steps, by name (a benchmark composes its own lists of them).
export { screenRequest } from './steps/screen-request.js';
export { authenticate } from './steps/authenticate.js';
export { authorise } from './steps/authorise.js';
export { checkTraceability, TRACEABILITY_PARAMS } from './steps/check-traceability.js';
export { checkCitizenToken } from './steps/check-citizen-token.js';
export { validateRequest } from './steps/validate-request.js';
export { checkConsent, refuseConsentRequired } from './steps/check-consent.js';
export { fetchUpstream, upstreamKey } from './steps/fetch-upstream.js';
export { minimise } from './steps/minimise.js';
export { checkResponse } from './steps/check-response.js';
export { record } from './steps/record.js';
export { respond } from './steps/respond.js';
export { isOpenApi } from './steps/open-access.js';
export { resolveTarget } from './support/resolve-target.js';
export { parseExchangeQuery } from './support/query.js';
export { createTokenCache } from './support/token-cache.js';
export type { TokenCache } from './support/token-cache.js';
export { createCircuitBreakers } from './support/circuit-breaker.js';
export type { CircuitBreakers } from './support/circuit-breaker.js';
