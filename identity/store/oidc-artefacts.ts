import type pg from 'pg';

/**
 * One stored artefact of the embedded OpenID provider (see provider/pg-adapter.ts). Every
 * lookup key is a keyed hash computed by the adapter and the payload is sealed: this store
 * never sees an artefact id, a token or a payload in clear.
 */
export interface OidcArtefact {
  model: string;
  idHash: string;
  sealed: string;
  grantHash: string | null;
  userCodeHash: string | null;
  uidHash: string | null;
  expiresAt: Date | null;
}

/** A sealed payload and when it was consumed (single-use codes). */
export interface SealedArtefact {
  idHash: string;
  sealed: string;
  consumedAt: Date | null;
}

export async function upsertOidcArtefact(pool: pg.Pool, a: OidcArtefact): Promise<void> {
  await pool.query(
    `INSERT INTO oidc_artefacts (model, id, sealed, grant_id, user_code, uid, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (model, id) DO UPDATE SET sealed = EXCLUDED.sealed, grant_id = EXCLUDED.grant_id,
       user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
    [a.model, a.idHash, a.sealed, a.grantHash, a.userCodeHash, a.uidHash, a.expiresAt],
  );
}

const LIVE = `(expires_at IS NULL OR expires_at > now())`;
const COLUMNS = 'id AS "idHash", sealed, consumed_at AS "consumedAt"';

export async function findOidcArtefactById(pool: pg.Pool, model: string, idHash: string): Promise<SealedArtefact | undefined> {
  const { rows } = await pool.query<SealedArtefact>(`SELECT ${COLUMNS} FROM oidc_artefacts WHERE model = $1 AND id = $2 AND ${LIVE}`, [
    model,
    idHash,
  ]);
  return rows[0];
}

export async function findOidcArtefactByUid(pool: pg.Pool, model: string, uidHash: string): Promise<SealedArtefact | undefined> {
  const { rows } = await pool.query<SealedArtefact>(`SELECT ${COLUMNS} FROM oidc_artefacts WHERE model = $1 AND uid = $2 AND ${LIVE}`, [
    model,
    uidHash,
  ]);
  return rows[0];
}

export async function findOidcArtefactByUserCode(pool: pg.Pool, model: string, userCodeHash: string): Promise<SealedArtefact | undefined> {
  const { rows } = await pool.query<SealedArtefact>(
    `SELECT ${COLUMNS} FROM oidc_artefacts WHERE model = $1 AND user_code = $2 AND ${LIVE}`,
    [model, userCodeHash],
  );
  return rows[0];
}

export async function consumeOidcArtefactById(pool: pg.Pool, model: string, idHash: string): Promise<void> {
  await pool.query('UPDATE oidc_artefacts SET consumed_at = now() WHERE model = $1 AND id = $2', [model, idHash]);
}

export async function deleteOidcArtefactById(pool: pg.Pool, model: string, idHash: string): Promise<void> {
  await pool.query('DELETE FROM oidc_artefacts WHERE model = $1 AND id = $2', [model, idHash]);
}

export async function deleteOidcArtefactsByGrantId(pool: pg.Pool, grantHash: string): Promise<void> {
  await pool.query('DELETE FROM oidc_artefacts WHERE grant_id = $1', [grantHash]);
}

/** Housekeeping: removes expired artefacts. */
export async function deleteExpiredOidcArtefacts(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM oidc_artefacts WHERE expires_at <= now()');
  return rowCount ?? 0;
}
