import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { exportJWK, generateKeyPair, importJWK, CompactSign, type JWK } from 'jose';
import { sealPrivateKey, openPrivateKey } from './seal.js';
import { findActiveLedgerKey, insertLedgerKey, listLedgerPublicKeys } from './store/keys.js';

/** Signs checkpoint payloads as compact JWS (RFC 7515), ES256 (RFC 7518 §3.4). */
export interface CheckpointSigner {
  kid: string;
  sign(payload: object): Promise<string>;
}

/** A published verification key (RFC 7517 JWK) with its validity. */
export type LedgerPublicKey = JWK & { kid: string; alg: 'ES256'; use: 'sig' };

/** Serialises key creation between gateways starting together. */
const KEY_LOCK = 4242_0501;

/**
 * The signer of this process: the newest active ledger key in PostgreSQL, created on first use.
 * Keys live in the database so every gateway signs with the same key and the verifier finds
 * every public key ever used. With `keySecret` (KEY_ENCRYPTION_SECRET) the private part is
 * sealed at rest (AES-256-GCM); without it (tests, benches) it is stored as a plain JWK.
 */
export async function loadLedgerSigner(pool: pg.Pool, opts: { keySecret?: string } = {}): Promise<CheckpointSigner> {
  let row = await findActiveLedgerKey(pool);
  if (!row) {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [KEY_LOCK]);
      row = await findActiveLedgerKey(client);
      if (!row) {
        const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
        const kid = `ledger-${randomUUID()}`;
        const privateJwk = await exportJWK(privateKey);
        await insertLedgerKey(
          client,
          kid,
          await exportJWK(publicKey),
          opts.keySecret ? sealPrivateKey(opts.keySecret, kid, privateJwk) : privateJwk,
        );
        row = await findActiveLedgerKey(client);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [KEY_LOCK]).catch(() => undefined);
      client.release();
    }
  }
  const key = await importJWK(openPrivateKey(opts.keySecret, row!.kid, row!.private_jwk!), 'ES256');
  const kid = row!.kid;
  return {
    kid,
    sign: (payload) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'datapedia-ledger-checkpoint+jws' })
        .sign(key),
  };
}

/** Every ledger verification key (retired ones included), for `/.well-known` publication and evidence. */
export async function listLedgerKeys(pool: Pick<pg.Pool, 'query'>): Promise<LedgerPublicKey[]> {
  const rows = await listLedgerPublicKeys(pool);
  return rows.map((r) => ({
    kty: r.public_jwk.kty,
    crv: r.public_jwk.crv,
    x: r.public_jwk.x,
    y: r.public_jwk.y,
    kid: r.kid,
    alg: 'ES256',
    use: 'sig',
  }));
}
