import type { Queryable } from './tx.js';

export interface SigningKeyRow {
  kid: string;
  purpose: 'token' | 'artefact';
  public_jwk: Record<string, unknown>;
  private_enc: string;
  created_at: Date;
  retired_at: Date | null;
  publish_until: Date | null;
}

const COLUMNS = 'kid, purpose, public_jwk, private_enc, created_at, retired_at, publish_until';

/** Inserts a key as the active one of its purpose; null when another process was first. */
export async function insertSigningKey(
  db: Queryable,
  k: { kid: string; purpose: string; publicJwk: object; privateEnc: string; at: Date },
): Promise<SigningKeyRow | null> {
  const { rows } = await db.query<SigningKeyRow>(
    `INSERT INTO signing_keys (kid, purpose, public_jwk, private_enc, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (purpose) WHERE retired_at IS NULL DO NOTHING RETURNING ${COLUMNS}`,
    [k.kid, k.purpose, JSON.stringify(k.publicJwk), k.privateEnc, k.at],
  );
  return rows[0] ?? null;
}

export async function findActiveSigningKey(db: Queryable, purpose: string): Promise<SigningKeyRow | null> {
  const { rows } = await db.query<SigningKeyRow>(`SELECT ${COLUMNS} FROM signing_keys WHERE purpose = $1 AND retired_at IS NULL`, [
    purpose,
  ]);
  return rows[0] ?? null;
}

export async function findSigningKeyByKid(db: Queryable, kid: string): Promise<SigningKeyRow | null> {
  const { rows } = await db.query<SigningKeyRow>(`SELECT ${COLUMNS} FROM signing_keys WHERE kid = $1`, [kid]);
  return rows[0] ?? null;
}

/** Keys still published: active ones, and retired ones until their last token expired. */
export async function listPublishedSigningKeys(db: Queryable, now: Date): Promise<SigningKeyRow[]> {
  const { rows } = await db.query<SigningKeyRow>(
    `SELECT ${COLUMNS} FROM signing_keys WHERE retired_at IS NULL OR publish_until IS NULL OR publish_until > $1 ORDER BY created_at DESC`,
    [now],
  );
  return rows;
}

export async function retireSigningKeyByKid(db: Queryable, kid: string, at: Date, publishUntil: Date | null): Promise<void> {
  await db.query('UPDATE signing_keys SET retired_at = $2, publish_until = $3 WHERE kid = $1 AND retired_at IS NULL', [
    kid,
    at,
    publishUntil,
  ]);
}
