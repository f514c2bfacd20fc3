import type { Queryable } from './tx.js';

export interface DelegationRow {
  id: string;
  contract_id: string;
  consumer_siret: string;
  editor_siret: string;
  software: string;
  status: 'pending' | 'active' | 'ended';
  declared_volume: number | null;
  granted_by: string;
  accepted_by: string | null;
  ended_by: string | null;
  end_reason: string | null;
  created_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
  updated_at: Date;
  api_slug: string;
}

const SELECT = `SELECT d.id, d.contract_id, d.consumer_siret, d.editor_siret, d.software, d.status, d.declared_volume, d.granted_by,
    d.accepted_by, d.ended_by, d.end_reason, d.created_at, d.accepted_at, d.ended_at, d.updated_at,
    c.api_slug
  FROM delegations d JOIN contracts c ON c.id = d.contract_id`;

export async function insertDelegation(
  db: Queryable,
  d: {
    id: string;
    contractId: string;
    consumerSiret: string;
    editorSiret: string;
    software: string;
    declaredVolume: number | null;
    grantedBy: string;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO delegations (id, contract_id, consumer_siret, editor_siret, software, status, declared_volume, granted_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $8)`,
    [d.id, d.contractId, d.consumerSiret, d.editorSiret, d.software, d.declaredVolume, d.grantedBy, d.at],
  );
}

/** The delegation, locked for the rest of the transaction when `forUpdate`. */
export async function findDelegationById(db: Queryable, id: string, forUpdate = false): Promise<DelegationRow | null> {
  const { rows } = await db.query<DelegationRow>(`${SELECT} WHERE d.id = $1${forUpdate ? ' FOR UPDATE OF d' : ''}`, [id]);
  return rows[0] ?? null;
}

/** A delegation not ended for this contract and editor (at most one). */
export async function findOpenDelegationByContractAndEditor(
  db: Queryable,
  contractId: string,
  editorSiret: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM delegations WHERE contract_id = $1 AND editor_siret = $2 AND status <> 'ended'`,
    [contractId, editorSiret],
  );
  return rows[0]?.id ?? null;
}

export async function acceptDelegationById(db: Queryable, id: string, by: string, at: Date): Promise<void> {
  await db.query(`UPDATE delegations SET status = 'active', accepted_by = $2, accepted_at = $3, updated_at = $3 WHERE id = $1`, [
    id,
    by,
    at,
  ]);
}

export async function endDelegationById(db: Queryable, id: string, by: string, reason: string | null, at: Date): Promise<void> {
  await db.query(`UPDATE delegations SET status = 'ended', ended_by = $2, end_reason = $3, ended_at = $4, updated_at = $4 WHERE id = $1`, [
    id,
    by,
    reason,
    at,
  ]);
}

/** Delegations where one of `sirets` is the consumer or the editor (null: every delegation), newest first. */
export async function listDelegationsByParties(db: Queryable, sirets: string[] | null, limit: number): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(
    `${SELECT} WHERE ($1::text[] IS NULL OR d.consumer_siret = ANY ($1::text[]) OR d.editor_siret = ANY ($1::text[]))
     ORDER BY d.created_at DESC, d.id LIMIT $2`,
    [sirets, limit],
  );
  return rows;
}

/** Active delegations of an editor: what its calls may act under. */
export async function listActiveDelegationsByEditor(db: Queryable, editorSiret: string): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(`${SELECT} WHERE d.editor_siret = $1 AND d.status = 'active' ORDER BY d.id`, [
    editorSiret,
  ]);
  return rows;
}

/** Every delegation of an editor with its enabled clients and their address ranges (the exchange's directory). */
export async function findEditorAccessBySiret(
  db: Queryable,
  editorSiret: string,
): Promise<{ delegations: DelegationRow[]; clients: { client_id: string; ip_allowlist: string[] }[] }> {
  const [d, c] = await Promise.all([
    db.query<DelegationRow>(`${SELECT} WHERE d.editor_siret = $1 ORDER BY d.id`, [editorSiret]),
    db.query<{ client_id: string; ip_allowlist: string[] }>(
      'SELECT client_id, ip_allowlist FROM oauth_clients WHERE editor_siret = $1 AND disabled_at IS NULL',
      [editorSiret],
    ),
  ]);
  return { delegations: d.rows, clients: c.rows };
}
