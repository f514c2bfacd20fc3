import type pg from 'pg';
import type { Clock } from '../../schemas/index.js';
import type { SigningKeys } from '../keys.js';

/** The authorisation server's settings and ports (one per process). */
export interface AuthorizationServer {
  pool: pg.Pool;
  clock: Clock;
  keys: SigningKeys;
  /** `iss` of tokens = PUBLIC_URL (RFC 8414 §2). */
  issuer: string;
  /** `aud` of access tokens: the exchange (`${PUBLIC_URL}/exchange`). */
  audience: string;
  tokenTtlSeconds: number;
}

/** The token request as received (form fields of RFC 6749 §4.4.2, client authentication). */
export interface OAuthRequest {
  authorization?: string;
  body: Record<string, unknown>;
  /** The caller's IP address (per-contract allowlist). */
  ip?: string;
  /** Absolute URL of the endpoint called (accepted `aud` of client assertions). */
  endpointUrl: string;
}

export function tokenEndpoint(issuer: string): string {
  return `${issuer}/oauth/token`;
}
