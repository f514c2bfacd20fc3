import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Encryption of private signing keys at rest, shared by the domains that hold keys (contracts:
 * tokens and artefacts; ledger: checkpoints). AES-256-GCM (NIST SP 800-38D) under a key derived
 * with scrypt from the operator's KEY_ENCRYPTION_SECRET and a per-purpose salt (domain
 * separation), the kid bound as additional authenticated data so a sealed key cannot be moved to
 * another row. Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export interface KeySealer {
  seal(kid: string, plaintext: string): string;
  open(kid: string, sealed: string): string;
}

export function createKeySealer(
  secret: string,
  purpose: 'signing-keys' | 'ledger-keys' | 'flow-payloads' | 'report-messages' | 'connector-secrets' | 'idp-keys' | 'idp-artefacts',
): KeySealer {
  if (secret.length < 32) throw new TypeError('key encryption secret must be at least 32 characters');
  const key = scryptSync(secret, `datapedia/${purpose}/v1`, 32);
  return {
    seal(kid, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(kid));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(kid, sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new TypeError('unknown sealed key format'); // an empty plaintext has an empty ciphertext
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
