import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { SigningKeys } from './keys.js';
import type { GrantedTerms } from './types.js';

/** `typ` of a signed contract (RFC 7515 §4.1.9), distinct from access tokens' `at+jwt`. */
export const ARTEFACT_TYP = 'datapedia-contract+jws';

/**
 * Signs the frozen terms of a validated version as a compact JWS (ES256). The payload is the
 * RFC 8785 canonical JSON of the terms, so the same terms always give the same bytes.
 */
export function createArtefactSigner(keys: SigningKeys, issuer: string): (terms: GrantedTerms) => Promise<string> {
  return async function signArtefact(terms) {
    const { kid, privateKey } = await keys.activeKey('artefact');
    const payload = canonicalize({ iss: issuer, ...terms }) ?? '{}';
    return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'ES256', kid, typ: ARTEFACT_TYP }).sign(privateKey);
  };
}

/** Verifies an artefact against a published JWKS; returns its terms or throws (jose errors). */
export async function verifyArtefact(jws: string, jwks: JSONWebKeySet): Promise<GrantedTerms & { iss: string }> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
  if (protectedHeader.typ !== ARTEFACT_TYP) throw new TypeError('not a Datapedia contract artefact');
  return JSON.parse(new TextDecoder().decode(payload)) as GrantedTerms & { iss: string };
}
