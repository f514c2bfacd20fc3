import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../schemas/index.js';
import { createKeySealer } from './key-crypto.js';
import * as store from './store/keys.js';

export type KeyPurpose = 'token' | 'artefact';

/** Datapedia's ES256 keys: signing (private parts sealed in PostgreSQL) and the published JWKS. */
export interface SigningKeys {
  /** Lifetime of the access tokens signed with the token keys (ACCESS_TOKEN_TTL_SECONDS): their longest accepted one. */
  readonly tokenTtlSeconds: number;
  /** The key to sign with now (created on first use). */
  activeKey(purpose: KeyPurpose): Promise<{ kid: string; privateKey: CryptoKey }>;
  /** A published public key of that purpose, or null (unknown, retired past its publication, other purpose). */
  publicKey(kid: string, purpose: KeyPurpose): Promise<CryptoKey | null>;
  /** `/.well-known/jwks.json`: every published public key (RFC 7517), private members never included. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Retires the active key of `purpose` (still published until its last token expired) and creates a new one. */
  rotate(purpose: KeyPurpose): Promise<string>;
  /** Scheduled rotation: rotates when the active key is older than `maxAgeMs`; returns the new kid or null. */
  rotateIfOlderThan(purpose: KeyPurpose, maxAgeMs: number): Promise<string | null>;
}

export interface SigningKeysOptions {
  pool: pg.Pool;
  clock: Clock;
  /** KEY_ENCRYPTION_SECRET (config). */
  secret: string;
  /** Lifetime of access tokens: a retired token key stays published this long (plus margins). */
  tokenTtlSeconds: number;
}

/** How long a process keeps signing with the key it loaded (another process may have rotated). */
const ACTIVE_CACHE_MS = 60_000;
/** Unknown kids are looked up at most once per second (a forged kid cannot hammer the database). */
const NEGATIVE_CACHE_MS = 1_000;
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y'] as const;

export function createSigningKeys(o: SigningKeysOptions): SigningKeys {
  const sealer = createKeySealer(o.secret);
  const active = new Map<KeyPurpose, { kid: string; privateKey: CryptoKey; loadedAt: number }>();
  const publics = new Map<string, { key: CryptoKey | null; purpose: KeyPurpose | null; until: number }>();

  async function createKey(purpose: KeyPurpose): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${purpose === 'token' ? 'at' : 'ct'}-${randomBytes(12).toString('base64url')}`;
    const pub = await exportJWK(publicKey);
    const priv = await exportJWK(privateKey);
    const publicJwk = { ...Object.fromEntries(PUBLIC_MEMBERS.map((m) => [m, pub[m]])), kid, alg: 'ES256', use: 'sig' };
    await store.insertSigningKey(o.pool, {
      kid,
      purpose,
      publicJwk,
      privateEnc: sealer.seal(kid, JSON.stringify(priv)),
      at: o.clock.now(),
    });
  }

  async function activeKey(purpose: KeyPurpose): Promise<{ kid: string; privateKey: CryptoKey }> {
    const cached = active.get(purpose);
    if (cached && Date.now() - cached.loadedAt < ACTIVE_CACHE_MS) return cached;
    let row = await store.findActiveSigningKey(o.pool, purpose);
    if (!row) {
      await createKey(purpose);
      row = await store.findActiveSigningKey(o.pool, purpose);
    }
    if (!row) throw new Error(`no active ${purpose} signing key`);
    const privateKey = (await importJWK(JSON.parse(sealer.open(row.kid, row.private_enc)) as JWK, 'ES256')) as CryptoKey;
    const entry = { kid: row.kid, privateKey, loadedAt: Date.now() };
    active.set(purpose, entry);
    return entry;
  }

  async function publicKey(kid: string, purpose: KeyPurpose): Promise<CryptoKey | null> {
    if (kid.length > 100) return null;
    let entry = publics.get(kid);
    if (!entry || entry.until < o.clock.now().getTime()) {
      const row = await store.findSigningKeyByKid(o.pool, kid);
      const until = row?.publish_until ? row.publish_until.getTime() : Number.POSITIVE_INFINITY;
      entry =
        row && until > o.clock.now().getTime()
          ? {
              key: (await importJWK(row.public_jwk as JWK, 'ES256')) as CryptoKey,
              purpose: row.purpose,
              until: row.retired_at ? until : o.clock.now().getTime() + ACTIVE_CACHE_MS * 10,
            }
          : { key: null, purpose: null, until: o.clock.now().getTime() + NEGATIVE_CACHE_MS };
      publics.set(kid, entry);
    }
    return entry.purpose === purpose ? entry.key : null;
  }

  async function jwks(): Promise<{ keys: JWK[] }> {
    await activeKey('token');
    await activeKey('artefact');
    const rows = await store.listPublishedSigningKeys(o.pool, o.clock.now());
    return { keys: rows.map((r) => r.public_jwk as JWK) };
  }

  async function rotate(purpose: KeyPurpose): Promise<string> {
    const current = await store.findActiveSigningKey(o.pool, purpose);
    const now = o.clock.now();
    if (current) {
      // Tokens signed by a process that cached the old key may be issued for ACTIVE_CACHE_MS more.
      const until = purpose === 'token' ? new Date(now.getTime() + o.tokenTtlSeconds * 1000 + ACTIVE_CACHE_MS + 60_000) : null;
      await store.retireSigningKeyByKid(o.pool, current.kid, now, until);
      publics.delete(current.kid);
    }
    active.delete(purpose);
    return (await activeKey(purpose)).kid;
  }

  async function rotateIfOlderThan(purpose: KeyPurpose, maxAgeMs: number): Promise<string | null> {
    const current = await store.findActiveSigningKey(o.pool, purpose);
    if (current && o.clock.now().getTime() - current.created_at.getTime() < maxAgeMs) return null;
    return rotate(purpose);
  }

  return { tokenTtlSeconds: o.tokenTtlSeconds, activeKey, publicKey, jwks, rotate, rotateIfOlderThan };
}
