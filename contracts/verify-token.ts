import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey } from 'jose';
import { ProblemError, type Clock } from '../schemas/index.js';
import type { SigningKeys } from './keys.js';
import type { AccessTokenClaims } from './oauth/token.js';

/** What verifying an access token needs: who issued it, for whom, the time, and the token keys. */
export interface AccessTokenKeys {
  issuer: string;
  audience: string;
  clock: Clock;
  /** Longest lifetime (`exp - iat`) a token of ours may have: ACCESS_TOKEN_TTL_SECONDS. */
  maxLifetimeSeconds: number;
  publicKey(kid: string): Promise<CryptoKey | null>;
}

/** The verification keys of this process's authorisation server (token-purpose keys only). */
export function accessTokenKeys(keys: SigningKeys, o: { issuer: string; audience: string; clock: Clock }): AccessTokenKeys {
  return {
    issuer: o.issuer,
    audience: o.audience,
    clock: o.clock,
    maxLifetimeSeconds: keys.tokenTtlSeconds,
    publicKey: (kid) => keys.publicKey(kid, 'token'),
  };
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
/** Allowed difference between the clocks of the gateway that issued a token and the one checking it. */
const CLOCK_SKEW_S = 5;
const REQUIRED = ['jti', 'iat', 'exp', 'sub', 'client_id', 'scope'];

function invalid(detail: string, cause?: unknown): ProblemError {
  return new ProblemError('client.invalid_token', { detail, cause, headers: CHALLENGE });
}

/**
 * Verifies a Datapedia access token (RFC 9068 §4): header `alg` ES256 only (`none` and any
 * other algorithm refused before anything else), `typ` at+jwt, a known token key (`kid`),
 * signature, `iss`, `aud`, `exp`, `nbf`, and the claims the exchange relies on. A token issued
 * in the future (`iat` beyond the clock skew) or living longer than this server ever issues
 * (`exp - iat` over ACCESS_TOKEN_TTL_SECONDS + skew) is refused: only a stolen signing key or a
 * broken issuer produces one (RFC 8725 §3.10, RFC 9068 §4).
 * Throws `client.token_expired` or `client.invalid_token` (with a Bearer challenge).
 */
export async function verifyAccessToken(keys: AccessTokenKeys, token: string): Promise<AccessTokenClaims> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch (err) {
    throw invalid('Jeton illisible.', err);
  }
  if (header.alg !== 'ES256') throw invalid('Algorithme de signature refusé.');
  if (typeof header.kid !== 'string') throw invalid('Clé de signature non désignée (kid).');
  const key = await keys.publicKey(header.kid);
  if (!key) throw invalid('Clé de signature inconnue.');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['ES256'],
      typ: 'at+jwt',
      issuer: keys.issuer,
      audience: keys.audience,
      currentDate: keys.clock.now(),
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: REQUIRED,
    });
    const now = keys.clock.now().getTime() / 1000;
    if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_SKEW_S) throw invalid('Jeton émis dans le futur.');
    if (payload.exp! - payload.iat > keys.maxLifetimeSeconds + CLOCK_SKEW_S) throw invalid('Durée de vie du jeton supérieure au maximum.');
    if (typeof payload.scope !== 'string') throw invalid('Jeton incomplet.');
    // A contract's token names its contract; an editor's names the editor, and its contract only with a delegation.
    const contract =
      typeof payload.contract_id === 'string' && typeof payload.contract_version === 'number' && typeof payload.consumer_siret === 'string';
    const editor = typeof payload.editor_siret === 'string';
    if (!contract && !(editor && payload.contract_id === undefined && payload.delegation_id === undefined))
      throw invalid('Jeton incomplet.');
    if (editor && contract && typeof payload.delegation_id !== 'string') throw invalid('Jeton incomplet.');
    return payload as unknown as AccessTokenClaims;
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    if (err instanceof errors.JWTExpired)
      throw new ProblemError('client.token_expired', {
        cause: err,
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"' },
      });
    throw invalid('Jeton invalide.', err);
  }
}
