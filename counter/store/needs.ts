/** SQL of `counter_needs` and `counter_need_supports`. */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface NeedRow {
  id: string;
  title: string;
  purpose: string;
  legal_basis: string;
  legal_basis_url: string | null;
  expected_volume: string;
  deadline: string | null;
  requester_siret: string;
  requester_sub: string;
  notify_email: string | null;
  status: 'submitted' | 'published' | 'rejected';
  moderation_note: string | null;
  answer: 'available' | 'planned' | 'not_possible' | null;
  answer_api_slug: string | null;
  answer_planned_for: string | null;
  answer_reason: string | null;
  answered_by_siret: string | null;
  answered_at: Date | null;
  request_contract_id: string | null;
  created_at: Date;
  published_at: Date | null;
  supporters: string[];
}

const COLUMNS = `n.id, n.title, n.purpose, n.legal_basis, n.legal_basis_url, n.expected_volume, to_char(n.deadline, 'YYYY-MM-DD') AS deadline,
  n.requester_siret, n.requester_sub, n.notify_email, n.status, n.moderation_note, n.answer, n.answer_api_slug,
  to_char(n.answer_planned_for, 'YYYY-MM-DD') AS answer_planned_for, n.answer_reason, n.answered_by_siret, n.answered_at,
  n.request_contract_id, n.created_at, n.published_at,
  coalesce((SELECT array_agg(s.organisation_siret::text ORDER BY s.created_at) FROM counter_need_supports s WHERE s.need_id = n.id), '{}') AS supporters`;

export async function insertNeed(
  db: Queryable,
  r: Pick<
    NeedRow,
    | 'id'
    | 'title'
    | 'purpose'
    | 'legal_basis'
    | 'legal_basis_url'
    | 'expected_volume'
    | 'deadline'
    | 'requester_siret'
    | 'requester_sub'
    | 'notify_email'
    | 'created_at'
  >,
): Promise<void> {
  await db.query(
    `INSERT INTO counter_needs (id, title, purpose, legal_basis, legal_basis_url, expected_volume, deadline, requester_siret,
       requester_sub, notify_email, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'submitted', $11)`,
    [
      r.id,
      r.title,
      r.purpose,
      r.legal_basis,
      r.legal_basis_url,
      r.expected_volume,
      r.deadline,
      r.requester_siret,
      r.requester_sub,
      r.notify_email,
      r.created_at,
    ],
  );
}

export async function findNeedById(db: Queryable, id: string): Promise<NeedRow | null> {
  const { rows } = await db.query<NeedRow>(`SELECT ${COLUMNS} FROM counter_needs n WHERE n.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findNeedByIdForUpdate(db: Queryable, id: string): Promise<NeedRow | null> {
  const { rows } = await db.query<NeedRow>(`SELECT ${COLUMNS} FROM counter_needs n WHERE n.id = $1 FOR UPDATE OF n`, [id]);
  return rows[0] ?? null;
}

/** Needs in one of `statuses`, or declared by one of `requesterSirets` whatever their status (newest first). */
export async function listNeedsByStatus(
  db: Queryable,
  statuses: string[],
  requesterSirets: string[] | null,
  limit: number,
): Promise<NeedRow[]> {
  const { rows } = await db.query<NeedRow>(
    `SELECT ${COLUMNS} FROM counter_needs n WHERE n.status = ANY($1) OR n.requester_siret = ANY(coalesce($2::text[], '{}'))
     ORDER BY coalesce(n.published_at, n.created_at) DESC, n.id LIMIT $3`,
    [statuses, requesterSirets, limit],
  );
  return rows;
}

export async function updateNeedModerationById(
  db: Queryable,
  id: string,
  o: { status: 'published' | 'rejected'; note: string | null; by: string; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE counter_needs SET status = $2::text, moderation_note = $3, moderated_by = $4, moderated_at = $5::timestamptz,
       published_at = CASE WHEN $2::text = 'published' THEN $5::timestamptz ELSE NULL END WHERE id = $1`,
    [id, o.status, o.note, o.by, o.at],
  );
}

export async function updateNeedAnswerById(
  db: Queryable,
  id: string,
  o: { kind: string; apiSlug: string | null; plannedFor: string | null; reason: string | null; bySiret: string | null; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE counter_needs SET answer = $2, answer_api_slug = $3, answer_planned_for = $4, answer_reason = $5,
       answered_by_siret = $6, answered_at = $7 WHERE id = $1`,
    [id, o.kind, o.apiSlug, o.plannedFor, o.reason, o.bySiret, o.at],
  );
}

export async function updateNeedRequestContractById(db: Queryable, id: string, contractId: string): Promise<void> {
  await db.query('UPDATE counter_needs SET request_contract_id = $2 WHERE id = $1', [id, contractId]);
}

/** Records an organisation's support; false when it already supported the need. */
export async function insertNeedSupport(db: Queryable, o: { needId: string; siret: string; sub: string; at: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO counter_need_supports (need_id, organisation_siret, agent_sub, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [o.needId, o.siret, o.sub, o.at],
  );
  return rowCount === 1;
}
