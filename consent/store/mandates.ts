/** SQL of the `mandates` table (append-only, one row per version). */
import type { Queryable } from './consents.js';
import type { ConsentActor } from '../types.js';

export interface MandateRow {
  id: string;
  version: number;
  representative_ref: string;
  represented_ref: string;
  represented_kind: 'person' | 'company';
  kind: 'parent_of_minor' | 'guardian' | 'company_legal_representative';
  evidence_ref: string;
  valid_from: Date;
  valid_until: Date;
  status: 'declared' | 'accepted' | 'refused' | 'revoked';
  declared_by: ConsentActor;
  actor: ConsentActor;
  created_at: Date;
}

const COLUMNS =
  'id, version, representative_ref, represented_ref, represented_kind, kind, evidence_ref, valid_from, valid_until, status, declared_by, actor, created_at';

/** Appends one version; a duplicate (id, version) raises 23505 (a concurrent change won). */
export async function insertMandateVersion(db: Queryable, r: MandateRow): Promise<void> {
  await db.query(`INSERT INTO mandates (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
    r.id,
    r.version,
    r.representative_ref,
    r.represented_ref,
    r.represented_kind,
    r.kind,
    r.evidence_ref,
    r.valid_from,
    r.valid_until,
    r.status,
    JSON.stringify(r.declared_by),
    JSON.stringify(r.actor),
    r.created_at,
  ]);
}

/** The latest version of every mandate held by a representative, newest first. */
export async function listLatestMandatesByRepresentativeRef(db: Queryable, representativeRef: string): Promise<MandateRow[]> {
  const { rows } = await db.query<MandateRow>(
    `SELECT DISTINCT ON (id) ${COLUMNS} FROM mandates WHERE representative_ref = $1 ORDER BY id, version DESC`,
    [representativeRef],
  );
  return rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
}

/** The latest version of every mandate given over a represented person or company, newest first. */
export async function listLatestMandatesByRepresentedRef(db: Queryable, representedRef: string): Promise<MandateRow[]> {
  const { rows } = await db.query<MandateRow>(
    `SELECT DISTINCT ON (id) ${COLUMNS} FROM mandates WHERE represented_ref = $1 ORDER BY id, version DESC`,
    [representedRef],
  );
  return rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
}

/** The latest version of one mandate, locked for the transaction's change. */
export async function findLatestMandateByIdForUpdate(db: Queryable, id: string): Promise<MandateRow | null> {
  const { rows } = await db.query<MandateRow>(`SELECT ${COLUMNS} FROM mandates WHERE id = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ?? null;
}
