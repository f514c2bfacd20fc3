import type { Queryable } from './tx.js';

/** RFC 7009: records a revoked access token until it would have expired. */
export async function insertRevokedToken(db: Queryable, t: { jti: string; clientId: string; expiresAt: Date; at: Date }): Promise<void> {
  await db.query('INSERT INTO revoked_tokens (jti, client_id, expires_at, revoked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    t.jti,
    t.clientId,
    t.expiresAt,
    t.at,
  ]);
}

export async function findRevokedTokenByJti(db: Queryable, jti: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM revoked_tokens WHERE jti = $1', [jti]);
  return (rowCount ?? 0) > 0;
}

export async function deleteExpiredRevokedTokens(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM revoked_tokens WHERE expires_at < $1', [now]);
}
