/** RFC 6749 §5.2 error codes (plus RFC 7009's). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'temporarily_unavailable';

/**
 * An error of the authorisation server's endpoints, answered as RFC 6749 §5.2 JSON (not
 * problem+json: OAuth clients parse `error`). `invalid_client` is 401 with WWW-Authenticate.
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly description: string;
  /** Seconds before retrying (429 answers, RFC 9110 §10.2.3). */
  readonly retryAfter?: number;
  /** A code of the problem catalogue naming the cause more precisely (e.g. `client.delegation_inactive`), sent as `code`. */
  readonly code?: string;

  constructor(error: OAuthErrorCode, description: string, options: { cause?: unknown; retryAfter?: number; code?: string } = {}) {
    super(description, options);
    this.code = options.code;
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.retryAfter = options.retryAfter;
    // `temporarily_unavailable` (RFC 6749 §4.1.2.1) is used for throttled client authentication: 429.
    this.status = error === 'invalid_client' ? 401 : error === 'temporarily_unavailable' ? 429 : 400;
  }
}
