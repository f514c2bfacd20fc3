import type pg from 'pg';

/** A session row; `idHash` is the SHA-256 of the cookie value (the id itself is never stored). */
export interface SessionRow {
  idHash: string;
  kind: 'agent' | 'citizen';
  issuer: string;
  sub: string;
  principal: Record<string, unknown>;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(pool: pg.Pool, s: SessionRow): Promise<void> {
  await pool.query(
    `INSERT INTO sessions (id_hash, kind, issuer, sub, principal, csrf_token, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.idHash, s.kind, s.issuer, s.sub, JSON.stringify(s.principal), s.csrfToken, s.createdAt, s.expiresAt],
  );
}

/** The live session of that id hash at `now`, or null (unknown or expired). */
export async function findSessionByIdHash(pool: pg.Pool, idHash: string, now: Date): Promise<SessionRow | null> {
  const { rows } = await pool.query(
    `SELECT id_hash, kind, issuer, sub, principal, csrf_token, created_at, expires_at
       FROM sessions WHERE id_hash = $1 AND expires_at > $2`,
    [idHash, now],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    idHash: r.id_hash,
    kind: r.kind,
    issuer: r.issuer,
    sub: r.sub,
    principal: r.principal,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

export async function deleteSessionByIdHash(pool: pg.Pool, idHash: string): Promise<boolean> {
  const { rowCount } = await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  return (rowCount ?? 0) > 0;
}

/** Housekeeping: removes sessions expired before `now`; returns how many. */
export async function deleteExpiredSessions(pool: pg.Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  return rowCount ?? 0;
}
