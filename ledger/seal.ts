import type { JWK } from 'jose';
import { createKeySealer } from '../schemas/index.js';

/**
 * Ledger signing keys at rest: the private JWK is stored as `{ "sealed": "v1.<iv>.<tag>.<ct>" }`
 * (schemas/key-sealer.ts, purpose `ledger-keys`, the kid bound as additional authenticated data).
 */
export type StoredPrivateKey = JWK | { sealed: string };

export function sealPrivateKey(secret: string, kid: string, jwk: JWK): StoredPrivateKey {
  return { sealed: createKeySealer(secret, 'ledger-keys').seal(kid, JSON.stringify(jwk)) };
}

/** The private JWK of a stored key; a sealed one needs the secret it was sealed with. */
export function openPrivateKey(secret: string | undefined, kid: string, stored: StoredPrivateKey): JWK {
  if (!('sealed' in stored)) return stored;
  if (secret === undefined) throw new TypeError(`ledger key ${kid} is sealed: KEY_ENCRYPTION_SECRET is required`);
  return JSON.parse(createKeySealer(secret, 'ledger-keys').open(kid, stored.sealed)) as JWK;
}
