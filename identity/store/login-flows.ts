import type pg from 'pg';

/** A pending authorisation-code login (state, nonce, PKCE verifier kept server-side). */
export interface LoginFlowRow {
  idHash: string;
  kind: 'agent' | 'citizen';
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: Date;
}

export async function insertLoginFlow(pool: pg.Pool, f: LoginFlowRow): Promise<void> {
  await pool.query(
    `INSERT INTO login_flows (id_hash, kind, state, nonce, code_verifier, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [f.idHash, f.kind, f.state, f.nonce, f.codeVerifier, f.returnTo, f.expiresAt],
  );
}

/** Deletes and returns the live flow of that id hash (single use), or null. */
export async function consumeLoginFlowByIdHash(pool: pg.Pool, idHash: string, now: Date): Promise<LoginFlowRow | null> {
  const { rows } = await pool.query(
    `DELETE FROM login_flows WHERE id_hash = $1
     RETURNING id_hash, kind, state, nonce, code_verifier, return_to, expires_at`,
    [idHash],
  );
  const r = rows[0];
  if (!r || r.expires_at <= now) return null;
  return {
    idHash: r.id_hash,
    kind: r.kind,
    state: r.state,
    nonce: r.nonce,
    codeVerifier: r.code_verifier,
    returnTo: r.return_to,
    expiresAt: r.expires_at,
  };
}

/** Housekeeping: removes abandoned flows. */
export async function deleteExpiredLoginFlows(pool: pg.Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM login_flows WHERE expires_at <= $1', [now]);
  return rowCount ?? 0;
}
