import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters (RFC 7914): N = 2^14, r = 8, p = 1 (16 MiB). Client secrets are 256-bit
 * random values, so the hash guards against a database leak rather than guessing; the cost is
 * kept moderate because unknown clients pay it too (decoy hash, same timing).
 */
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEYLEN = 32;

function scryptAsync(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEYLEN, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A fresh client secret: 32 random bytes, base64url (256 bits, shown once). */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `scrypt$N$r$p$<salt>$<hash>`: the only form in which a secret is stored. */
export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random secret, verified against when the client is unknown (same timing). */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashClientSecret(generateClientSecret());
  return decoy;
}
