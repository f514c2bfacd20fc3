import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { insertAssertionJti } from '../store/clients.js';
import type { ClientRow } from '../store/clients.js';
import { OAuthError } from './errors.js';
import { tokenEndpoint, type AuthorizationServer } from './server.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Longest accepted assertion lifetime from now (replay window bound). */
const MAX_LIFETIME_S = 300;

/** The client_id an assertion claims (`iss`), read before verification to find its keys. */
export function assertionClientId(assertion: string): string {
  try {
    const { iss, sub } = decodeJwt(assertion);
    if (typeof iss !== 'string' || iss !== sub) throw new TypeError('iss must equal sub');
    return iss;
  } catch (err) {
    throw new OAuthError('invalid_client', 'Assertion client illisible.', { cause: err });
  }
}

/**
 * RFC 7523 §3 checks of a client assertion (private_key_jwt, OpenID Connect Core §9):
 * signed by a key of the client's registered JWKS (never `none`), `iss` = `sub` = client_id,
 * `aud` names this server, `exp` present and near, `jti` used only once (replay).
 */
export async function verifyClientAssertion(
  as: AuthorizationServer,
  client: ClientRow,
  assertion: string,
  endpointUrl: string,
): Promise<void> {
  if (!client.jwks) throw new OAuthError('invalid_client', 'Ce client ne s’authentifie pas par assertion.');
  const now = as.clock.now();
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks as unknown as JSONWebKeySet), {
      algorithms: ['ES256', 'RS256', 'PS256'],
      issuer: client.client_id,
      subject: client.client_id,
      audience: [as.issuer, tokenEndpoint(as.issuer), endpointUrl],
      currentDate: now,
      clockTolerance: 30,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (err) {
    const why = err instanceof errors.JWTExpired ? 'Assertion expirée.' : 'Assertion client invalide.';
    throw new OAuthError('invalid_client', why, { cause: err });
  }
  const exp = payload.exp!;
  if (exp - now.getTime() / 1000 > MAX_LIFETIME_S)
    throw new OAuthError('invalid_client', `Assertion trop longue (exp au plus ${MAX_LIFETIME_S} s).`);
  if (typeof payload.jti !== 'string' || payload.jti.length > 200) throw new OAuthError('invalid_client', 'jti invalide.');
  const fresh = await insertAssertionJti(as.pool, client.client_id, payload.jti, new Date(exp * 1000));
  if (!fresh) throw new OAuthError('invalid_client', 'Assertion déjà utilisée (jti rejoué).');
}
