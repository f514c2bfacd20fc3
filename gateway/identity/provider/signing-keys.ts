import { exportJWK, generateKeyPair } from 'jose';
import type pg from 'pg';
import { findIdpKeysByName, insertIdpKeys } from '../store/idp-keys.js';

const KEYSET = 'embedded-idp';

async function generateKeySet(): Promise<{ keys: object[] }> {
  const keys: object[] = [];
  // RS256 first: the OpenID Connect default ID-token algorithm (Core 1.0 §3.1.3.7); ES256 beside it.
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const jwk = await exportJWK(privateKey);
    keys.push({ ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${Date.now().toString(36)}` });
  }
  return { keys };
}

/**
 * The embedded provider's private JWKS, generated once and kept in PostgreSQL so every process
 * and every restart signs with the same keys (a relying party keeps verifying old ID tokens).
 * Two processes starting together both generate; the first insert wins and both read it back.
 */
export async function loadOrCreateSigningKeys(pool: pg.Pool): Promise<{ keys: object[] }> {
  const existing = await findIdpKeysByName(pool, KEYSET);
  if (existing) return existing;
  await insertIdpKeys(pool, KEYSET, await generateKeySet());
  const stored = await findIdpKeysByName(pool, KEYSET);
  if (!stored) throw new Error('embedded IdP signing keys could not be stored');
  return stored;
}
