import type pg from 'pg';

/** One stored artefact of the embedded OpenID provider (see provider/pg-adapter.ts). */
export interface OidcArtefact {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: Date | null;
}

export async function upsertOidcArtefact(pool: pg.Pool, a: OidcArtefact): Promise<void> {
  await pool.query(
    `INSERT INTO oidc_artefacts (model, id, payload, grant_id, user_code, uid, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
       user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
    [a.model, a.id, JSON.stringify(a.payload), a.grantId, a.userCode, a.uid, a.expiresAt],
  );
}

const LIVE = `(expires_at IS NULL OR expires_at > now())`;

function payloadOf(rows: { payload: Record<string, unknown>; consumed_at: Date | null }[]): Record<string, unknown> | undefined {
  const r = rows[0];
  if (!r) return undefined;
  return r.consumed_at ? { ...r.payload, consumed: Math.floor(r.consumed_at.getTime() / 1000) } : r.payload;
}

export async function findOidcArtefactById(pool: pg.Pool, model: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await pool.query(`SELECT payload, consumed_at FROM oidc_artefacts WHERE model = $1 AND id = $2 AND ${LIVE}`, [model, id]);
  return payloadOf(rows);
}

export async function findOidcArtefactByUid(pool: pg.Pool, model: string, uid: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await pool.query(`SELECT payload, consumed_at FROM oidc_artefacts WHERE model = $1 AND uid = $2 AND ${LIVE}`, [model, uid]);
  return payloadOf(rows);
}

export async function findOidcArtefactByUserCode(pool: pg.Pool, model: string, userCode: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await pool.query(`SELECT payload, consumed_at FROM oidc_artefacts WHERE model = $1 AND user_code = $2 AND ${LIVE}`, [model, userCode]);
  return payloadOf(rows);
}

export async function consumeOidcArtefactById(pool: pg.Pool, model: string, id: string): Promise<void> {
  await pool.query('UPDATE oidc_artefacts SET consumed_at = now() WHERE model = $1 AND id = $2', [model, id]);
}

export async function deleteOidcArtefactById(pool: pg.Pool, model: string, id: string): Promise<void> {
  await pool.query('DELETE FROM oidc_artefacts WHERE model = $1 AND id = $2', [model, id]);
}

export async function deleteOidcArtefactsByGrantId(pool: pg.Pool, grantId: string): Promise<void> {
  await pool.query('DELETE FROM oidc_artefacts WHERE grant_id = $1', [grantId]);
}

/** Housekeeping: removes expired artefacts. */
export async function deleteExpiredOidcArtefacts(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM oidc_artefacts WHERE expires_at <= now()');
  return rowCount ?? 0;
}
