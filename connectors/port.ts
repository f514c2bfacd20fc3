import type { ProblemCode } from '../schemas/index.js';

/** The catalogue endpoint a connector answers for. */
export interface ConnectorEndpoint {
  operationId: string;
  method: string;
  /** The producer path template (`/v1/unites-legales/{siren}`). */
  pathTemplate: string;
}

/** A subject as the exchange resolved it (the connector may ignore it; parameters carry it too). */
export type ConnectorSubject = { kind: 'person'; ref?: string } | { kind: 'company'; siren: string; ref?: string } | { kind: 'none' };

/** What the exchange asks: an endpoint and its parameters, already validated against the OpenAPI. */
export interface ConnectorRequest {
  endpoint: ConnectorEndpoint;
  /** Path and query parameters by their OpenAPI name (`siren`, `prenoms[]`...). */
  params: Record<string, unknown>;
  body?: unknown;
  subject?: ConnectorSubject;
}

/** Who asks and until when (forwarded upstream where the protocol allows). */
export interface ConnectorContext {
  /** X-Correlation-ID, the exchange id. */
  correlationId: string;
  /** SIRET of the final recipient of the data. */
  recipient: string;
  /** Epoch milliseconds after which the answer is useless: the connector gives up by then. */
  deadline: number;
}

export interface ConnectorResponse {
  body: unknown;
  status: number;
}

/** Result of a health probe (no subject, no personal data). */
export interface ConnectorHealth {
  status: 'up' | 'down';
  checkedAt: Date;
  latencyMs: number;
  /** Problem code when down (internal, never shown with upstream text). */
  code?: ProblemCode;
}

/**
 * The connector port (docs/architecture.md, "Ports and adapters"). `fetch` resolves with the mapped document or rejects with
 * a `ProblemError` coded `provider.not_found | provider.timeout | provider.unavailable |
 * provider.invalid_response | provider.rate_limited`; an upstream error body is never
 * forwarded (it may only be kept in `cause`, which never reaches the client).
 */
export interface Connector {
  readonly kind: 'rest' | 'sql' | 'flatfile' | 'soap' | 'memory';
  fetch(request: ConnectorRequest, context: ConnectorContext): Promise<ConnectorResponse>;
  health(): Promise<ConnectorHealth>;
  close(): Promise<void>;
}
