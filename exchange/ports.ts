/**
 * The tiny ports the exchange pipeline needs (docs/architecture.md, "Ports and adapters"). Each
 * has a real adapter over a domain's index (gateway/exchange-adapters/); the few fakes live in
 * tests/support/ and pass the same contract suite as the real adapter.
 */
import type { Clock } from '../schemas/index.js';

/** Claims of an RFC 9068 access token issued by /oauth/token. */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  client_id: string;
  jti: string;
  /** Space-separated granted scope names. */
  scope: string;
  /**
   * A contract's token always names its contract; an editor's token names `editor_siret`, and
   * names its contract only when it was issued for a delegation (`delegation_id`): otherwise
   * authorise fills these three from the delegation the call designates.
   */
  contract_id: string;
  contract_version: number;
  consumer_siret: string;
  editor_siret?: string;
  delegation_id?: string;
  exp: number;
  iat?: number;
  nbf?: number;
}

/** Verifies signature, `iss`, `aud`, `exp`, `nbf`; throws ProblemError client.invalid_token | client.token_expired. */
export interface TokenVerifier {
  verify(token: string): Promise<AccessTokenClaims>;
  /** RFC 7009 revocation (cached by the owner); absent = no revocation list. */
  isRevoked?(jti: string): Promise<boolean>;
}

/** A contract as the exchange sees it: the contracts domain's grant (`ContractGrant`). */
export type { ContractGrant } from '../contracts/index.js';
export type { DelegationGrant, EditorAccess } from '../contracts/index.js';
import type { ContractGrant, EditorAccess } from '../contracts/index.js';
import type { LedgerEventInput } from '../ledger/index.js';

export interface ContractDirectory {
  get(contractId: string): Promise<ContractGrant | null>;
  /** An editor's delegations and enabled clients; absent = editors' tokens are refused (fail closed). */
  editor?(editorSiret: string): Promise<EditorAccess>;
}

export interface EndpointParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: object;
}

/** A producer API endpoint matched by the catalogue (`ResolvedEndpoint`), plus the API's scopes. */
export interface ResolvedEndpoint {
  api: {
    id: string;
    slug: string;
    producerSiret: string;
    title: string;
    lifecycle: 'draft' | 'published' | 'deprecated' | 'retired';
    sunsetDate: string | null;
    deprecationNotice: string | null;
    access: 'open' | 'restricted';
    sensitivity: string;
    subjectKind: 'person' | 'company' | 'none';
    consentPolicy: 'none' | 'legal_basis' | 'consent_required';
    /** Used to offer a benefit nobody asked for yet (CRPA L114-8 II): the subject may object. Absent = false. */
    proactive?: boolean;
    rateLimitPerMinute: number;
    /** The connector configuration of the API (connectors' schema), when the catalogue holds one. */
    connector?: unknown;
  };
  endpoint: {
    id: string;
    operationId: string;
    method: string;
    pathTemplate: string;
    parameters: EndpointParameter[];
    requestBodySchema: object | null;
    responseSchema: object | null;
  };
  pathParams: Record<string, string>;
  /** Every scope the API defines: name and the JSON pointers it releases. */
  scopes: ScopeDefinition[];
}

export interface ScopeDefinition {
  name: string;
  pointers: string[];
}

export interface EndpointCatalog {
  resolve(apiSlug: string, method: string, producerPath: string): Promise<ResolvedEndpoint | null>;
  /** Allowlist minimisation: keeps only what the scopes' pointers name. */
  mask(body: unknown, scopes: ScopeDefinition[]): unknown;
  /** JSON pointers of the leaves present in a body (field names for the ledger, never values). */
  fieldsDelivered(body: unknown): string[];
  /** Data-element ids of delivered fields (for the ledger); may be empty. */
  dataElements?(apiSlug: string, pointers: string[]): Promise<string[]>;
  /** The API's field links: response JSON pointer -> data-element id (consent restricted to some data elements). */
  fieldLinks(apiSlug: string): Promise<Record<string, string>>;
}

/** What the pipeline asks of a producer. */
export interface UpstreamRequest {
  /** The catalogue endpoint being called. */
  endpoint: { operationId: string; method: string; pathTemplate: string };
  method: string;
  /** The producer path, as received after `/exchange/{apiSlug}`. */
  path: string;
  pathParams: Record<string, string>;
  /** Validated query parameters (traceability parameters removed). */
  query: Record<string, string | string[]>;
  body: unknown;
  /** X-Correlation-ID (the exchange id) and the recipient. */
  headers: Record<string, string>;
  /** The subject, as resolved by validation (connectors may use it; parameters carry it too). */
  subject?: { kind: 'person' | 'company'; ref: string };
  signal: AbortSignal;
  /** Epoch milliseconds after which the answer is useless (the timeout). */
  deadline: number;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

/** One upstream (REST, SQL, file, SOAP behind it: the connectors' business). */
export interface UpstreamConnector {
  call(req: UpstreamRequest): Promise<UpstreamResponse>;
}

export interface ConnectorRegistry {
  /** The connector of an API (its catalogue entry carries the connector configuration, if any). */
  forApi(api: { slug: string; connector?: unknown }): UpstreamConnector | null;
}

/**
 * The ledger event written for every outcome: the ledger domain's `LedgerEventInput`, narrowed to
 * the exchange's types and outcomes, with status and latency always known. `detail` says how
 * consent was established for `consent_required` APIs: `{ consent: ConsentDecision }`.
 */
export type ExchangeEvent = Omit<LedgerEventInput, 'type' | 'outcome' | 'status' | 'latencyMs' | 'actor'> & {
  type: 'exchange.served' | 'exchange.denied' | 'exchange.failed';
  outcome: 'served' | 'denied' | 'failed';
  status: number;
  latencyMs: number;
};

/** Resolves only once the event is durably committed; rejects otherwise. */
export interface LedgerWriter {
  append(event: ExchangeEvent): Promise<unknown>;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(key: string, limitPerMinute: number): Promise<RateDecision>;
}

export interface ConsentQuestion {
  api: ResolvedEndpoint['api'];
  contract: ContractGrant;
  subjectRef: string | null;
  subjectKind: 'person' | 'company' | null;
  /** FranceConnect mode: the subject is the citizen whose own access token came with the call. */
  citizenPresent?: boolean;
  /** The data elements the exchange would deliver (endpoint fields × granted scopes); absent or empty = not known. */
  dataElements?: string[];
}

/** What allowed an exchange on a `consent_required` API (recorded in the exchange event's `detail.consent`). */
export interface ConsentDecision {
  /** `denied`: set on a refused exchange only, to name in its ledger event what refused it (never in the answer). */
  mode: 'consent' | 'franceconnect' | 'denied';
  /** The person's objection that refused a proactive exchange (ledger only). */
  objectionId?: string;
  consentId?: string;
  version?: number;
  /** The data elements consented to (minimise delivers only their fields); empty or absent = the whole API. */
  dataElements?: string[];
  /** The use counted against a consent capped in frequency (given back by `refund` when the exchange fails). */
  countedUse?: { consentId: string; windowStart: string };
}

/** Throws ProblemError client.consent_missing | consent_revoked | consent_expired when refused. */
export interface ConsentChecker {
  check(question: ConsentQuestion): Promise<ConsentDecision | void>;
  /** Gives back the use a decision counted, when the exchange then failed before delivering data. */
  refund?(decision: ConsentDecision): Promise<void>;
}

/**
 * FranceConnect mode (docs/architecture.md, "Subjects"): checks a citizen's own access token with the
 * identity provider and gives the citizen's subject_ref; throws ProblemError client.invalid_token.
 */
export interface CitizenTokenVerifier {
  verify(token: string): Promise<{ subjectRef: string }>;
}

/** Every port of the exchange path, injected through `AppDeps.exchange`. */
export interface ExchangePorts {
  tokens: TokenVerifier;
  contracts: ContractDirectory;
  catalog: EndpointCatalog;
  connectors: ConnectorRegistry;
  ledger: LedgerWriter;
  rateLimiter: RateLimiter;
  consent: ConsentChecker;
  /** FranceConnect mode; absent = calls carrying a citizen token are refused (client.invalid_token). */
  citizenTokens?: CitizenTokenVerifier;
  clock: Clock;
}

/** Process-wide parts of the real ports, built by main.ts (adapters/process-parts.ts). */
export interface RealExchangeParts {
  ledger?: LedgerWriter;
  connectors?: ConnectorRegistry;
}
