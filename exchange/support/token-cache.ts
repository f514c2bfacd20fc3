/**
 * Verified-token cache (step authenticate): verifying an ES256 signature costs ~0.1 ms of
 * CPU per request, and a consumer reuses its token for up to 10 minutes. Entries are keyed by the
 * SHA-256 of the token (the token itself is a bearer credential and is not kept), live until
 * the token's `exp`, and the map is bounded: when full, the oldest entry is evicted (insertion
 * order of a Map), so a flood of distinct tokens cannot grow memory.
 */
import { createHash } from 'node:crypto';
import type { AccessTokenClaims } from '../ports.js';

export interface TokenCache {
  get(token: string, nowMs: number): AccessTokenClaims | undefined;
  set(token: string, claims: AccessTokenClaims): void;
  size(): number;
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A bounded cache of verified claims; `max` 0 disables it. */
export function createTokenCache(max: number): TokenCache {
  const entries = new Map<string, AccessTokenClaims>();
  return {
    get(token, nowMs) {
      if (max === 0) return undefined;
      const key = keyOf(token);
      const claims = entries.get(key);
      if (!claims) return undefined;
      // RFC 7519 §4.1.4: not accepted on or after exp. nbf is re-checked too (§4.1.5).
      if (claims.exp * 1000 <= nowMs || (claims.nbf !== undefined && claims.nbf * 1000 > nowMs)) {
        if (claims.exp * 1000 <= nowMs) entries.delete(key);
        return undefined;
      }
      return claims;
    },
    set(token, claims) {
      if (max === 0) return;
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(keyOf(token), claims);
    },
    size: () => entries.size,
  };
}
