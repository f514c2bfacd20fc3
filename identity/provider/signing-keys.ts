import { exportJWK, generateKeyPair } from 'jose';
import type pg from 'pg';
import type { KeySealer } from '../../schemas/index.js';
import { findIdpKeysByName, insertIdpKeys, sealIdpKeysByName } from '../store/idp-keys.js';

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
 * The embedded provider's private JWKS, generated once and kept in PostgreSQL, sealed with
 * KEY_ENCRYPTION_SECRET (schemas/key-sealer.ts, purpose `idp-keys`), so every process and every
 * restart signs with the same keys (a relying party keeps verifying old ID tokens) and a read of
 * the table yields no private key. Two processes starting together both generate; the first
 * insert wins and both read it back. A set stored in clear by an older version is sealed here.
 */
export async function loadOrCreateSigningKeys(pool: pg.Pool, sealer: KeySealer): Promise<{ keys: object[] }> {
  let row = await findIdpKeysByName(pool, KEYSET);
  if (!row) {
    await insertIdpKeys(pool, KEYSET, sealer.seal(KEYSET, JSON.stringify(await generateKeySet())));
    row = await findIdpKeysByName(pool, KEYSET);
  }
  if (!row) throw new Error('embedded IdP signing keys could not be stored');
  if (row.jwks) {
    await sealIdpKeysByName(pool, KEYSET, sealer.seal(KEYSET, JSON.stringify(row.jwks)));
    return row.jwks;
  }
  return JSON.parse(sealer.open(KEYSET, row.sealed!)) as { keys: object[] };
}
