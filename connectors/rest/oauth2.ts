import type { Pool } from 'undici';
import { ProblemError } from '../../schemas/index.js';
import { withDeadline } from '../deadline.js';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface TokenProvider {
  /** A valid access token, from the cache or freshly obtained before `deadline`. */
  get(deadline: number): Promise<string>;
  /** Forgets the cached token (the producer answered 401 with it). */
  invalidate(): void;
}

/** Margin before expiry at which a cached token is renewed (clock skew, transit time). */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * OAuth2 client credentials grant to the producer (RFC 6749 §4.4), authenticating with
 * client_secret_basic (§2.3.1: id and secret form-urlencoded, then Basic). The token is cached
 * until `expires_in` minus a margin; concurrent callers share one token request.
 */
export function createTokenProvider(creds: ClientCredentials, pool: Pool): TokenProvider {
  const url = new URL(creds.tokenUrl);
  const basic = Buffer.from(`${encodeURIComponent(creds.clientId)}:${encodeURIComponent(creds.clientSecret)}`).toString('base64');
  let cached: { token: string; renewAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function requestToken(deadline: number): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (creds.scope) form.set('scope', creds.scope);
    const res = await withDeadline(deadline, (signal) =>
      pool.request({
        method: 'POST',
        path: url.pathname + url.search,
        signal,
        body: form.toString(),
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      }),
    );
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw new ProblemError('provider.unavailable', { cause: new Error(`token endpoint answered ${res.statusCode}`) });
    let json: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch (cause) {
      throw new ProblemError('provider.invalid_response', { cause });
    }
    if (typeof json.access_token !== 'string' || !/^bearer$/i.test(String(json.token_type ?? 'bearer'))) {
      throw new ProblemError('provider.invalid_response', { cause: new Error('token endpoint: no bearer access_token') });
    }
    const ttlMs = (typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 60) * 1000;
    cached = { token: json.access_token, renewAt: Date.now() + Math.max(ttlMs - EXPIRY_MARGIN_MS, ttlMs / 2) };
    return json.access_token;
  }

  return {
    async get(deadline) {
      if (cached && cached.renewAt > Date.now()) return cached.token;
      inflight ??= requestToken(deadline).finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate() {
      cached = null;
    },
  };
}
