import { tokenEndpoint } from './server.js';

/** RFC 8414 authorisation server metadata (`/.well-known/oauth-authorization-server`). */
export function authorizationServerMetadata(issuer: string): Record<string, unknown> {
  const authMethods = ['client_secret_basic', 'private_key_jwt'];
  const signing = ['ES256', 'RS256', 'PS256'];
  return {
    issuer,
    token_endpoint: tokenEndpoint(issuer),
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['client_credentials'],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: signing,
    introspection_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_signing_alg_values_supported: signing,
    revocation_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_signing_alg_values_supported: signing,
    access_token_signing_alg_values_supported: ['ES256'],
    service_documentation: `${issuer}/docs`,
    ui_locales_supported: ['fr-FR'],
  };
}
