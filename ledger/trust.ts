import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { sealPrivateKey, openPrivateKey } from './seal.js';
import type { LedgerPublicKey } from './keys.js';
import { findActiveLedgerKey, insertLedgerKey, listLedgerPublicKeys, retireLedgerKeyByKid } from './store/keys.js';
import { insertKeyRotation, listKeyRotations } from './store/rotations.js';

/** The payload of a key rotation statement, signed (ES256) by the previous key. */
export interface KeyRotationPayload {
  typ: 'datapedia.ledger.key-rotation';
  previous: string;
  next: LedgerPublicKey;
  created_at: number;
}

const publicOf = (kid: string, jwk: JWK): LedgerPublicKey => ({
  kty: jwk.kty,
  crv: jwk.crv,
  x: jwk.x,
  y: jwk.y,
  kid,
  alg: 'ES256',
  use: 'sig',
});

/**
 * Reads the pinned verification keys (LEDGER_PINNED_KEYS): a JWK set `{ "keys": [...] }` or an
 * array of P-256 public JWKs, each with its `kid`. A private member (`d`) is refused.
 */
export function parsePinnedKeys(text: string): LedgerPublicKey[] {
  const v = JSON.parse(text) as unknown;
  const list = Array.isArray(v) ? v : (v as { keys?: unknown }).keys;
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('pinned ledger keys: a non-empty JWK set is required');
  return list.map((k: Record<string, unknown>, i) => {
    if (k.kty !== 'EC' || k.crv !== 'P-256' || typeof k.x !== 'string' || typeof k.y !== 'string' || typeof k.kid !== 'string')
      throw new TypeError(`pinned ledger key ${i}: P-256 public JWK with kid required`);
    if ('d' in k) throw new TypeError(`pinned ledger key ${k.kid}: private member refused`);
    return publicOf(k.kid, k as JWK);
  });
}

export interface LedgerTrust {
  keys: Map<string, CryptoKey>;
  /** Kids of `ledger_keys` neither pinned nor introduced by a valid rotation (tampering). */
  unknownKids: string[];
  /** Rotation statements that do not verify. */
  badRotations: string[];
  /** False when no key was pinned and the table's keys were trusted (reported as a warning). */
  pinned: boolean;
}

/**
 * The keys the verifier trusts: the pinned ones, then each key introduced by a rotation statement
 * that a trusted key signed. Without pinned keys, the keys of the table itself (weaker: whoever
 * writes the database chooses them).
 */
export async function resolveTrust(pool: Pick<pg.Pool, 'query'>, pinned: LedgerPublicKey[] | undefined): Promise<LedgerTrust> {
  const stored = await listLedgerPublicKeys(pool);
  const keys = new Map<string, CryptoKey>();
  const base = pinned ?? stored.map((r) => publicOf(r.kid, r.public_jwk));
  for (const k of base) keys.set(k.kid, (await importJWK(k, 'ES256')) as CryptoKey);
  const badRotations: string[] = [];
  let pending = await listKeyRotations(pool);
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    const rest: typeof pending = [];
    for (const r of pending) {
      const signer = keys.get(r.previous);
      if (!signer) {
        rest.push(r);
        continue;
      }
      progress = true;
      try {
        const { payload } = await compactVerify(r.jws, signer, { algorithms: ['ES256'] });
        const p = JSON.parse(new TextDecoder().decode(payload)) as KeyRotationPayload;
        if (p.typ !== 'datapedia.ledger.key-rotation' || p.previous !== r.previous || p.next.kid !== r.kid) throw new Error('mismatch');
        keys.set(r.kid, (await importJWK(p.next, 'ES256')) as CryptoKey);
      } catch {
        badRotations.push(r.kid);
      }
    }
    pending = rest;
  }
  badRotations.push(...pending.map((r) => r.kid));
  return { keys, unknownKids: stored.map((r) => r.kid).filter((k) => !keys.has(k)), badRotations, pinned: pinned !== undefined };
}

/**
 * Rotates the signing key: a new key, introduced by a statement signed with the current one,
 * which is then retired. Pinned configurations keep verifying without change.
 */
export async function rotateLedgerKey(pool: pg.Pool, opts: { keySecret?: string } = {}): Promise<LedgerPublicKey> {
  const current = await findActiveLedgerKey(pool);
  if (!current) throw new TypeError('no active ledger key to rotate');
  const previousKey = await importJWK(openPrivateKey(opts.keySecret, current.kid, current.private_jwk!), 'ES256');
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `ledger-${randomUUID()}`;
  const next = publicOf(kid, await exportJWK(publicKey));
  const payload: KeyRotationPayload = { typ: 'datapedia.ledger.key-rotation', previous: current.kid, next, created_at: Date.now() };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: current.kid, typ: 'datapedia-ledger-key-rotation+jws' })
    .sign(previousKey);
  const privateJwk = await exportJWK(privateKey);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await insertLedgerKey(
      client,
      kid,
      await exportJWK(publicKey),
      opts.keySecret ? sealPrivateKey(opts.keySecret, kid, privateJwk) : privateJwk,
    );
    await insertKeyRotation(client, kid, current.kid, jws);
    await retireLedgerKeyByKid(client, current.kid);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return next;
}
