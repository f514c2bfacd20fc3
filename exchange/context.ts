/**
 * The state one exchange carries through the pipeline, and the long-lived runtime the steps
 * share (ports, settings, verified-token cache, circuit breakers).
 */
import type { ProblemError } from '../schemas/index.js';
import type {
  AccessTokenClaims,
  ConsentDecision,
  ContractGrant,
  DelegationGrant,
  ExchangePorts,
  RateDecision,
  ResolvedEndpoint,
  ScopeDefinition,
  UpstreamResponse,
} from './ports.js';
import type { TokenCache } from './support/token-cache.js';
import type { CircuitBreakers } from './support/circuit-breaker.js';
import type { AnonymousDenials } from './support/anonymous-denials.js';

export interface ExchangeSettings {
  /** Producer timeout (config UPSTREAM_TIMEOUT_MS). */
  upstreamTimeoutMs: number;
  /** Secret of subject_ref (config SUBJECT_HMAC_SECRET). */
  subjectSecret: string;
  /** Rate limit when neither the contract nor the API sets one (config RATE_LIMIT_PER_MINUTE). */
  defaultRateLimitPerMinute: number;
  tokenCacheMax: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  /**
   * Requests without a valid credential one source address may make per minute before it gets
   * 429 (config EXCHANGE_ANONYMOUS_LIMIT_PER_MINUTE; screen-request.ts); absent or 0 = no limit.
   */
  anonymousLimitPerMinute?: number;
  /** Called when appending aggregated denials failed (they are retried at the next flush). */
  onDenialFlushError?: (err: unknown) => void;
  /** False: the aggregated denials have no flush timer of their own (a background job flushes them). */
  denialFlushTimer?: boolean;
}

export interface ExchangeRuntime {
  ports: ExchangePorts;
  settings: ExchangeSettings;
  tokenCache: TokenCache;
  breakers: CircuitBreakers;
  /** Aggregates denials without a valid credential (anonymous-denials.ts); absent = one event each. */
  denials?: AnonymousDenials;
}

/** What the HTTP layer hands to the pipeline (already read off the request, nothing parsed). */
export interface ExchangeInput {
  /** The exchange id chosen by the HTTP layer (already logged); a fresh UUID when absent. */
  exchangeId?: string;
  method: string;
  apiSlug: string;
  /** Producer path, raw (percent-encoded as received), starting with '/'. */
  path: string;
  /** Raw query string without '?'. */
  rawQuery: string;
  authorization: string | undefined;
  /** Peer address (the socket's; `trust proxy` is off). */
  ip: string;
  /** Parses the request body on demand (POST only); may throw client.malformed_json... */
  readBody(): Promise<unknown>;
  /** FranceConnect mode: the citizen's own access token (`X-FranceConnect-Token`), if sent. */
  citizenToken?: string;
  /** An editor's call: the delegation it acts under (`X-Delegation-Id`), if sent. */
  delegationId?: string;
  /** The path did not percent-decode (refused by screen-request.ts, recorded like any denial). */
  undecodablePath?: boolean;
}

export interface Traceability {
  recipient: string;
  context: string;
  object: string;
}

export interface ExchangeContext {
  exchangeId: string;
  startedAt: number;
  input: ExchangeInput;
  /** Response headers gathered along the way (RateLimit-*, Deprecation...). */
  headers: Record<string, string>;
  claims?: AccessTokenClaims;
  /** An anonymous call to an open API (public referential, no subject): no token, no contract (open-access.ts). */
  openAccess?: boolean;
  contract?: ContractGrant;
  /** An editor's call: the delegation it acts under (resolve-delegation.ts). */
  delegation?: DelegationGrant;
  target?: ResolvedEndpoint;
  grantedScopes?: ScopeDefinition[];
  rate?: RateDecision;
  query?: Record<string, string | string[]>;
  traceability?: Traceability;
  body?: unknown;
  subject?: { kind: 'person' | 'company'; ref: string };
  /** FranceConnect mode: the subject is the citizen present (their token was checked). */
  citizenPresent?: boolean;
  /** What allowed the exchange on a consent_required API. */
  consent?: ConsentDecision;
  upstream?: UpstreamResponse;
  data?: unknown;
  fields?: string[];
  problem?: ProblemError;
}

/** The result handed back to HTTP: exact bytes to send, already traced. */
export interface ExchangeResult {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}
