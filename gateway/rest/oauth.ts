import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import {
  authorizationServerMetadata,
  introspectToken,
  issueAccessToken,
  OAuthError,
  revokeToken,
  type OAuthRequest,
} from '../../contracts/index.js';
import type { Services } from '../compose.js';

const FORM = 'application/x-www-form-urlencoded';
const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const OAUTH_ERROR = {
  description: 'Erreur OAuth2 (RFC 6749 §5.2)',
  schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, error_description: { type: 'string' } } },
};
const CLIENT_AUTH = ['clientCredentials'];

function oauthRequest(req: Request, path: string, issuer: string): OAuthRequest {
  if (!req.is(FORM)) throw new OAuthError('invalid_request', 'Corps attendu en application/x-www-form-urlencoded.');
  return {
    authorization: req.headers.authorization,
    body: (req.body ?? {}) as Record<string, unknown>,
    ip: req.socket.remoteAddress,
    endpointUrl: `${issuer}${path}`,
  };
}

/** RFC 6749 §5.2: JSON error, 401 + WWW-Authenticate for invalid_client; never cached. */
function sendOAuthError(res: Response, err: OAuthError): void {
  if (err.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="datapedia", charset="UTF-8"');
  if (err.retryAfter !== undefined) res.setHeader('Retry-After', String(err.retryAfter));
  res.status(err.status).json({ error: err.error, error_description: err.description, ...(err.code ? { code: err.code } : {}) });
}

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/** Wraps an OAuth endpoint: form parsing, RFC 6749 errors, no-store. Other errors go to the problem handler. */
function endpoint(path: string, issuer: string, run: (r: OAuthRequest) => Promise<unknown>): RouteSpec['handler'] {
  return async function oauthEndpoint(req, res) {
    noStore(res);
    try {
      const body = await run(oauthRequest(req, path, issuer));
      res.status(200).json(body ?? {});
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(res, err);
      throw err;
    }
  };
}

/** The authorisation server: token, introspection, revocation, JWKS and RFC 8414 metadata. */
export function oauthRoutes(deps: AppDeps, services: Pick<Services, 'contracts'>): RouteSpec[] {
  const { as, keys } = services.contracts;
  const metadata = authorizationServerMetadata(as.issuer);
  const form = {
    schema: {
      type: 'object',
      properties: {
        grant_type: { const: 'client_credentials' },
        scope: { type: 'string' },
        delegation_id: { type: 'string', format: 'uuid', description: 'Identifiants d’un éditeur : la délégation pour laquelle il agit' },
      },
    },
    contentType: FORM,
  };
  return [
    {
      method: 'post',
      path: '/oauth/token',
      operationId: 'oauthToken',
      tags: ['oauth'],
      security: CLIENT_AUTH,
      access: 'oauth-client',
      summary: 'Jeton d’accès (client credentials, RFC 6749 §4.4) : JWT RFC 9068 signé ES256',
      description:
        'Authentification du client : client_secret_basic ou private_key_jwt (RFC 7523). Un contrat suspendu, révoqué ou expiré n’obtient aucun jeton.',
      requestBody: form,
      responses: {
        '200': {
          description: 'Jeton',
          schema: {
            type: 'object',
            properties: {
              access_token: { type: 'string' },
              token_type: { const: 'Bearer' },
              expires_in: { type: 'integer' },
              scope: { type: 'string' },
            },
          },
        },
        '400': OAUTH_ERROR,
        '401': OAUTH_ERROR,
      },
      before: [parseForm],
      handler: endpoint('/oauth/token', as.issuer, (r) => issueAccessToken(as, r)),
    },
    {
      method: 'post',
      path: '/oauth/introspect',
      operationId: 'oauthIntrospect',
      tags: ['oauth'],
      security: CLIENT_AUTH,
      access: 'oauth-client',
      summary: 'Introspection d’un jeton (RFC 7662), pour les producteurs',
      requestBody: {
        schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' }, token_type_hint: { type: 'string' } } },
        contentType: FORM,
      },
      responses: {
        '200': { description: 'État du jeton', schema: { type: 'object', properties: { active: { type: 'boolean' } } } },
        '400': OAUTH_ERROR,
        '401': OAUTH_ERROR,
      },
      before: [parseForm],
      handler: endpoint('/oauth/introspect', as.issuer, (r) => introspectToken(as, r)),
    },
    {
      method: 'post',
      path: '/oauth/revoke',
      operationId: 'oauthRevoke',
      tags: ['oauth'],
      security: CLIENT_AUTH,
      access: 'oauth-client',
      summary: 'Révocation d’un jeton (RFC 7009)',
      requestBody: {
        schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' }, token_type_hint: { type: 'string' } } },
        contentType: FORM,
      },
      responses: { '200': { description: 'Révoqué (ou déjà invalide)' }, '400': OAUTH_ERROR, '401': OAUTH_ERROR },
      before: [parseForm],
      handler: endpoint('/oauth/revoke', as.issuer, async (r) => {
        await revokeToken(as, r);
        return {};
      }),
    },
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      operationId: 'jwks',
      tags: ['oauth'],
      security: [],
      access: 'public',
      summary: 'Clés publiques de signature (jetons et contrats), y compris les anciennes tant qu’un jeton signé peut être valide',
      responses: { '200': { description: 'JWK Set (RFC 7517)', contentType: 'application/jwk-set+json', schema: { type: 'object' } } },
      handler: async (_req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=60');
        res.type('application/jwk-set+json').send(JSON.stringify(await keys.jwks()));
      },
    },
    {
      method: 'get',
      path: '/.well-known/oauth-authorization-server',
      operationId: 'oauthMetadata',
      tags: ['oauth'],
      security: [],
      access: 'public',
      summary: 'Métadonnées du serveur d’autorisation (RFC 8414)',
      responses: { '200': { description: 'Métadonnées', schema: { type: 'object' } } },
      handler: (_req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=3600');
        res.json(metadata);
      },
    },
  ];
}
