import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * Ledger signing keys at rest: the private JWK is stored as `{ "sealed": "v1.<iv>.<tag>.<ct>" }`,
 * AES-256-GCM (NIST SP 800-38D) under a key derived with scrypt from KEY_ENCRYPTION_SECRET, the
 * kid bound as additional authenticated data so a sealed key cannot be moved to another row.
 */
export type StoredPrivateKey = JWK | { sealed: string };

function keyOf(secret: string): Buffer {
  if (secret.length < 32) throw new TypeError('key encryption secret must be at least 32 characters');
  return scryptSync(secret, 'datapedia/ledger-keys/v1', 32);
}

export function sealPrivateKey(secret: string, kid: string, jwk: JWK): StoredPrivateKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(kid));
  const ct = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return { sealed: ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.') };
}

/** The private JWK of a stored key; a sealed one needs the secret it was sealed with. */
export function openPrivateKey(secret: string | undefined, kid: string, stored: StoredPrivateKey): JWK {
  if (!('sealed' in stored)) return stored;
  if (secret === undefined) throw new TypeError(`ledger key ${kid} is sealed: KEY_ENCRYPTION_SECRET is required`);
  const [v, iv, tag, ct] = stored.sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !ct) throw new TypeError('unknown sealed ledger key format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')) as JWK;
}
