/**
 * TokenVerifier and ContractDirectory over the contracts domain: `verifyAccessToken` with the
 * authorisation server's token keys, and its LISTEN/NOTIFY-invalidated contract directory
 * (which also answers RFC 7009 revocation).
 */
import { verifyAccessToken, type AccessTokenKeys, type ContractDirectory as DomainDirectory } from '../../contracts/index.js';
import type { AccessTokenClaims, ContractDirectory, TokenVerifier } from '../../exchange/index.js';

export function contractsTokenVerifier(keys: AccessTokenKeys, directory: Pick<DomainDirectory, 'isTokenRevoked'>): TokenVerifier {
  return {
    verify: async (token) => (await verifyAccessToken(keys, token)) as unknown as AccessTokenClaims,
    isRevoked: (jti) => directory.isTokenRevoked(jti),
  };
}

export function contractsDirectory(directory: Pick<DomainDirectory, 'get' | 'editor'>): ContractDirectory {
  return { get: (id) => directory.get(id), editor: (siret) => directory.editor(siret) };
}
