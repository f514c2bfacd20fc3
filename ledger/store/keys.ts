import type { JWK } from 'jose';
import type { Queryable } from './events.js';
import type { StoredPrivateKey } from '../seal.js';

export interface LedgerKeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk: StoredPrivateKey | null;
  created_at: Date;
  retired_at: Date | null;
}

export async function insertLedgerKey(db: Queryable, kid: string, publicJwk: JWK, privateJwk: StoredPrivateKey): Promise<void> {
  await db.query('INSERT INTO ledger_keys (kid, public_jwk, private_jwk) VALUES ($1, $2, $3)', [kid, publicJwk, privateJwk]);
}

/** The newest key that can still sign. */
export async function findActiveLedgerKey(db: Queryable): Promise<LedgerKeyRow | null> {
  const { rows } = await db.query<LedgerKeyRow>(
    `SELECT kid, public_jwk, private_jwk, created_at, retired_at FROM ledger_keys
     WHERE retired_at IS NULL AND private_jwk IS NOT NULL ORDER BY created_at DESC, kid LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Every public key ever used, retired ones included (old checkpoints must still verify). */
export async function listLedgerPublicKeys(
  db: Queryable,
): Promise<{ kid: string; public_jwk: JWK; created_at: Date; retired_at: Date | null }[]> {
  const { rows } = await db.query<{ kid: string; public_jwk: JWK; created_at: Date; retired_at: Date | null }>(
    'SELECT kid, public_jwk, created_at, retired_at FROM ledger_keys ORDER BY created_at, kid',
  );
  return rows;
}

/** Retires a key: it stops signing and its private part is erased; the public part stays. */
export async function retireLedgerKeyByKid(db: Queryable, kid: string): Promise<void> {
  await db.query('UPDATE ledger_keys SET retired_at = now(), private_jwk = NULL WHERE kid = $1 AND retired_at IS NULL', [kid]);
}
