import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { findGrantByContractId } from '../store/grants.js';
import { toContractGrant } from '../grant.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError } from './errors.js';
import { ipAllowed } from './ip.js';
import { findDelegationById } from '../store/delegations.js';
import type { ClientRow } from '../store/clients.js';
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
  /** Editors' tokens (docs/architecture.md, "Delegations"): the editor, and the delegation when the request named one. */
  editor_siret?: string;
  delegation_id?: string;
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
  const now = as.clock.now();
  if (client.editor_siret) return issueEditorToken(as, req, client, now);
  if (req.body.delegation_id !== undefined)
    throw new OAuthError('invalid_request', 'delegation_id est réservé aux identifiants d’un éditeur.', {
      code: 'client.delegation_inactive',
    });
  if (!client.contract_id) throw new OAuthError('unauthorized_client', 'Ce client (producteur) ne peut pas obtenir de jeton d’échange.');
  const row = await findGrantByContractId(as.pool, client.contract_id);
  const grant = row ? toContractGrant(row, now) : null;
  if (!grant || grant.status !== 'active')
    throw new OAuthError('invalid_grant', `Contrat ${grant?.status ?? 'non validé'} : aucun jeton ne peut être délivré.`);
  if (!ipAllowed(grant.ipAllowlist, req.ip)) throw new OAuthError('unauthorized_client', 'Adresse IP non autorisée pour ce contrat.');
  const scopes = requestedScopes(req.body.scope, grant.scopes);
  return sign(as, now, client.client_id, scopes, grant.validUntil, {
    contract_id: grant.id,
    contract_version: grant.version,
    consumer_siret: grant.consumerSiret,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An editor's token (docs/architecture.md, "Delegations"). Naming `delegation_id`, the token is
 * bound to that delegation, which must be the editor's and active, its contract active: contract,
 * consumer and scopes come from it. Without it, the token names the editor only and each call
 * designates its delegation (`X-Delegation-Id`, or the only one that fits). The editor's address
 * ranges apply either way.
 */
async function issueEditorToken(as: AuthorizationServer, req: OAuthRequest, client: ClientRow, now: Date): Promise<TokenResponse> {
  if (!ipAllowed(client.ip_allowlist, req.ip)) throw new OAuthError('unauthorized_client', 'Adresse IP non autorisée pour cet éditeur.');
  const id = req.body.delegation_id;
  if (id === undefined) {
    const asked = typeof req.body.scope === 'string' ? [...new Set(req.body.scope.split(' ').filter(Boolean))] : [];
    return sign(as, now, client.client_id, asked, null, { editor_siret: client.editor_siret! });
  }
  const inactive = (detail: string) => new OAuthError('invalid_grant', detail, { code: 'client.delegation_inactive' });
  const d = typeof id === 'string' && UUID.test(id) ? await findDelegationById(as.pool, id) : null;
  if (!d || d.editor_siret !== client.editor_siret) throw inactive('Délégation inconnue pour cet éditeur.');
  if (d.status !== 'active') throw inactive(`Délégation « ${d.status === 'pending' ? 'en attente d’acceptation' : 'terminée'} ».`);
  const row = await findGrantByContractId(as.pool, d.contract_id);
  const grant = row ? toContractGrant(row, now) : null;
  if (!grant || grant.status !== 'active')
    throw new OAuthError('invalid_grant', `Contrat ${grant?.status ?? 'non validé'} : aucun jeton ne peut être délivré.`);
  const scopes = requestedScopes(req.body.scope, grant.scopes);
  return sign(as, now, client.client_id, scopes, grant.validUntil, {
    contract_id: grant.id,
    contract_version: grant.version,
    consumer_siret: grant.consumerSiret,
    editor_siret: d.editor_siret,
    delegation_id: d.id,
  });
}

async function sign(
  as: AuthorizationServer,
  now: Date,
  clientId: string,
  scopes: string[],
  validUntil: string | null,
  claims: Record<string, string | number>,
): Promise<TokenResponse> {
  const { kid, privateKey } = await as.keys.activeKey('token');
  const iat = Math.floor(now.getTime() / 1000);
  const exp = validUntil ? Math.min(iat + as.tokenTtlSeconds, Math.floor(new Date(validUntil).getTime() / 1000)) : iat + as.tokenTtlSeconds;
  const accessToken = await new SignJWT({
    client_id: clientId,
    scope: scopes.join(' '),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer(as.issuer)
    .setAudience(as.audience)
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: exp - iat, scope: scopes.join(' ') };
}
