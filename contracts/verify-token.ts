import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey } from 'jose';
import { ProblemError, type Clock } from '../schemas/index.js';
import type { SigningKeys } from './keys.js';
import type { AccessTokenClaims } from './oauth/token.js';

/** What verifying an access token needs: who issued it, for whom, the time, and the token keys. */
export interface AccessTokenKeys {
  issuer: string;
  audience: string;
  clock: Clock;
  publicKey(kid: string): Promise<CryptoKey | null>;
}

/** The verification keys of this process's authorisation server (token-purpose keys only). */
export function accessTokenKeys(keys: SigningKeys, o: { issuer: string; audience: string; clock: Clock }): AccessTokenKeys {
  return { ...o, publicKey: (kid) => keys.publicKey(kid, 'token') };
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
const REQUIRED = ['jti', 'iat', 'exp', 'sub', 'client_id', 'scope', 'contract_id', 'contract_version', 'consumer_siret'];

function invalid(detail: string, cause?: unknown): ProblemError {
  return new ProblemError('client.invalid_token', { detail, cause, headers: CHALLENGE });
}

/**
 * Verifies a Datapedia access token (RFC 9068 §4): header `alg` ES256 only (`none` and any
 * other algorithm refused before anything else), `typ` at+jwt, a known token key (`kid`),
 * signature, `iss`, `aud`, `exp`, `nbf`, and the claims the exchange relies on.
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
      algorithms: ['ES256'], typ: 'at+jwt', issuer: keys.issuer, audience: keys.audience,
      currentDate: keys.clock.now(), clockTolerance: 5, requiredClaims: REQUIRED,
    });
    if (typeof payload.scope !== 'string' || typeof payload.contract_id !== 'string' || typeof payload.contract_version !== 'number') throw invalid('Jeton incomplet.');
    return payload as unknown as AccessTokenClaims;
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    if (err instanceof errors.JWTExpired) throw new ProblemError('client.token_expired', { cause: err, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"' } });
    throw invalid('Jeton invalide.', err);
  }
}
