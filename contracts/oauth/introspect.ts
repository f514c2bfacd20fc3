import { ProblemError } from '../../schemas/index.js';
import { findGrantByContractId } from '../store/grants.js';
import { findRevokedTokenByJti } from '../store/tokens.js';
import { toContractGrant } from '../grant.js';
import { accessTokenKeys, verifyAccessToken } from '../verify-token.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError } from './errors.js';
import type { AuthorizationServer, OAuthRequest } from './server.js';

/**
 * `POST /oauth/introspect` (RFC 7662), for producers: the caller authenticates with its
 * producer client. A token is `active` only when its signature and times are valid, it is not
 * revoked, its contract is active, and the contract's API belongs to the calling producer
 * (anything else: `{ active: false }`, RFC 7662 §2.2, nothing leaked).
 */
export async function introspectToken(as: AuthorizationServer, req: OAuthRequest): Promise<Record<string, unknown>> {
  const client = await authenticateClient(as, req);
  if (!client.producer_siret) throw new OAuthError('unauthorized_client', 'L’introspection est réservée aux producteurs.');
  const token = req.body.token;
  if (typeof token !== 'string' || token === '') throw new OAuthError('invalid_request', 'token manquant.');
  let claims;
  try {
    claims = await verifyAccessToken(accessTokenKeys(as.keys, as), token);
  } catch (err) {
    if (err instanceof ProblemError) return { active: false };
    throw err;
  }
  if (await findRevokedTokenByJti(as.pool, claims.jti)) return { active: false };
  const row = await findGrantByContractId(as.pool, claims.contract_id);
  const grant = row ? toContractGrant(row, as.clock.now()) : null;
  if (!grant || grant.status !== 'active' || grant.producerSiret !== client.producer_siret || !grant.clientIds.includes(claims.client_id))
    return { active: false };
  return {
    active: true,
    token_type: 'Bearer',
    ...claims,
    api: grant.apiSlug,
    producer_siret: grant.producerSiret,
    recipients: grant.recipients,
  };
}
