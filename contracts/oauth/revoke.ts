import { decodeJwt } from 'jose';
import { ProblemError } from '../../schemas/index.js';
import { insertRevokedToken } from '../store/tokens.js';
import { accessTokenKeys, verifyAccessToken } from '../verify-token.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError } from './errors.js';
import type { AuthorizationServer, OAuthRequest } from './server.js';

/**
 * `POST /oauth/revoke` (RFC 7009): the client that obtained a token revokes it. An invalid or
 * expired token is answered 200 like a revoked one (§2.2); a token of another client is
 * refused (§2.1). The revocation reaches every gateway through NOTIFY (contract directory).
 */
export async function revokeToken(as: AuthorizationServer, req: OAuthRequest): Promise<void> {
  const client = await authenticateClient(as, req);
  const token = req.body.token;
  if (typeof token !== 'string' || token === '') throw new OAuthError('invalid_request', 'token manquant.');
  const hint = req.body.token_type_hint;
  if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token')
    throw new OAuthError('unsupported_token_type', 'token_type_hint inconnu.');
  let claims;
  try {
    claims = await verifyAccessToken(accessTokenKeys(as.keys, as), token);
  } catch (err) {
    if (err instanceof ProblemError) return;
    throw err;
  }
  if (claims.client_id !== client.client_id) throw new OAuthError('unauthorized_client', 'Ce jeton n’a pas été délivré à ce client.');
  await insertRevokedToken(as.pool, {
    jti: claims.jti,
    clientId: claims.client_id,
    expiresAt: new Date((decodeJwt(token).exp ?? 0) * 1000),
    at: as.clock.now(),
  });
}
