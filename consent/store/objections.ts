/** SQL of the `objections` table (append-only, one row per version). */
import type { Queryable } from './consents.js';
import type { ConsentActor } from '../types.js';

export interface ObjectionRow {
  id: string;
  version: number;
  subject_ref: string;
  target_kind: 'api' | 'producer' | 'consumer';
  target: string;
  data_elements: string[];
  status: 'active' | 'withdrawn';
  actor: ConsentActor;
  created_at: Date;
}

const COLUMNS = 'id, version, subject_ref, target_kind, target, data_elements, status, actor, created_at';

/** Appends one version; a duplicate (id, version) raises 23505 (a concurrent change won). */
export async function insertObjectionVersion(db: Queryable, r: ObjectionRow): Promise<void> {
  await db.query(`INSERT INTO objections (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    r.id,
    r.version,
    r.subject_ref,
    r.target_kind,
    r.target,
    r.data_elements,
    r.status,
    JSON.stringify(r.actor),
    r.created_at,
  ]);
}

/** The latest version of every objection of some subjects, newest first. */
export async function listLatestObjectionsBySubjectRefs(db: Queryable, subjectRefs: string[]): Promise<ObjectionRow[]> {
  const { rows } = await db.query<ObjectionRow>(
    `SELECT DISTINCT ON (id) ${COLUMNS} FROM objections WHERE subject_ref = ANY($1::text[]) ORDER BY id, version DESC`,
    [subjectRefs],
  );
  return rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id));
}

/** The latest version of one objection, locked for the transaction's change. */
export async function findLatestObjectionByIdForUpdate(db: Queryable, id: string): Promise<ObjectionRow | null> {
  const { rows } = await db.query<ObjectionRow>(
    `SELECT ${COLUMNS} FROM objections WHERE id = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Every version of one objection, oldest first. */
export async function listObjectionVersionsById(db: Queryable, id: string): Promise<ObjectionRow[]> {
  const { rows } = await db.query<ObjectionRow>(`SELECT ${COLUMNS} FROM objections WHERE id = $1 ORDER BY version`, [id]);
  return rows;
}
