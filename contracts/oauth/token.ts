import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { findGrantByContractId } from '../store/grants.js';
import { toContractGrant } from '../grant.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError } from './errors.js';
import { ipAllowed } from './ip.js';
import type { AuthorizationServer, OAuthRequest } from './server.js';

/** RFC 6749 §5.1 successful response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** Claims of Datapedia access tokens (RFC 9068 §2.2 + the contract's). */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  client_id: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  scope: string;
  contract_id: string;
  contract_version: number;
  consumer_siret: string;
}

function requestedScopes(raw: unknown, granted: string[]): string[] {
  if (raw === undefined || raw === '') return granted;
  if (typeof raw !== 'string') throw new OAuthError('invalid_request', 'scope doit apparaître une seule fois.');
  const asked = [...new Set(raw.split(' ').filter(Boolean))];
  const extra = asked.filter((s) => !granted.includes(s));
  if (extra.length) throw new OAuthError('invalid_scope', `Périmètres non accordés par le contrat : ${extra.join(' ')}.`);
  return asked;
}

/**
 * `POST /oauth/token`, client credentials grant (RFC 6749 §4.4): authenticate the client,
 * require its contract to be active and within its validity and the caller's address to be
 * allowed, then issue an RFC 9068 JWT (ES256, `typ: at+jwt`) naming the contract.
 */
export async function issueAccessToken(as: AuthorizationServer, req: OAuthRequest): Promise<TokenResponse> {
  for (const [k, v] of Object.entries(req.body)) {
    if (typeof v !== 'string') throw new OAuthError('invalid_request', `Le paramètre ${k.slice(0, 40)} doit apparaître une seule fois.`);
  }
  if (req.body.grant_type === undefined) throw new OAuthError('invalid_request', 'grant_type manquant.');
  const client = await authenticateClient(as, req);
  if (req.body.grant_type !== 'client_credentials')
    throw new OAuthError('unsupported_grant_type', 'Seul client_credentials est pris en charge.');
  if (!client.contract_id) throw new OAuthError('unauthorized_client', 'Ce client (producteur) ne peut pas obtenir de jeton d’échange.');
  const now = as.clock.now();
  const row = await findGrantByContractId(as.pool, client.contract_id);
  const grant = row ? toContractGrant(row, now) : null;
  if (!grant || grant.status !== 'active')
    throw new OAuthError('invalid_grant', `Contrat ${grant?.status ?? 'non validé'} : aucun jeton ne peut être délivré.`);
  if (!ipAllowed(grant.ipAllowlist, req.ip)) throw new OAuthError('unauthorized_client', 'Adresse IP non autorisée pour ce contrat.');
  const scopes = requestedScopes(req.body.scope, grant.scopes);
  const { kid, privateKey } = await as.keys.activeKey('token');
  const iat = Math.floor(now.getTime() / 1000);
  const exp = grant.validUntil
    ? Math.min(iat + as.tokenTtlSeconds, Math.floor(new Date(grant.validUntil).getTime() / 1000))
    : iat + as.tokenTtlSeconds;
  const accessToken = await new SignJWT({
    client_id: client.client_id,
    scope: scopes.join(' '),
    contract_id: grant.id,
    contract_version: grant.version,
    consumer_siret: grant.consumerSiret,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer(as.issuer)
    .setAudience(as.audience)
    .setSubject(client.client_id)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: exp - iat, scope: scopes.join(' ') };
}
