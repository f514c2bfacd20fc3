import type { AuditCase, CaseHistoryEntry, CaseInput, CaseStatus, Queryable } from '../types.js';

interface CaseRow {
  id: string;
  kind: string;
  source: 'rule' | 'citizen';
  status: CaseStatus;
  contract_id: string | null;
  consumer_siret: string | null;
  producer_siret: string | null;
  api_slug: string | null;
  summary: string;
  evidence: string[];
  conclusion: string | null;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

const COLUMNS =
  'id, kind, source, status, contract_id, consumer_siret, producer_siret, api_slug, summary, evidence, conclusion, opened_at, updated_at, closed_at';
/** Evidence kept per case (the first ids found; the summary says how many more). */
export const MAX_EVIDENCE = 500;

function toCase(r: CaseRow): AuditCase {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    status: r.status,
    contractId: r.contract_id,
    consumerSiret: r.consumer_siret,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    summary: r.summary,
    evidence: r.evidence,
    conclusion: r.conclusion,
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

/** The open (not closed) case of a kind and dedup key, locked for update. */
export async function findOpenCaseByDedupKey(db: Queryable, kind: string, dedupKey: string): Promise<AuditCase | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLUMNS} FROM audit_cases WHERE kind = $1 AND dedup_key = $2 AND status <> 'closed' FOR UPDATE`,
    [kind, dedupKey],
  );
  return rows[0] ? toCase(rows[0]) : null;
}

/** Inserts a case; null when an open case of the same kind and dedup key exists (a concurrent opener won). */
export async function insertCase(db: Queryable, id: string, c: CaseInput, evidence: string[], at: Date): Promise<AuditCase | null> {
  const { rows } = await db.query<CaseRow>(
    `INSERT INTO audit_cases (id, kind, source, contract_id, consumer_siret, producer_siret, api_slug, dedup_key, summary, evidence, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11, $11)
     ON CONFLICT (kind, dedup_key) WHERE status <> 'closed' AND dedup_key IS NOT NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      id,
      c.kind,
      c.source,
      c.contractId ?? null,
      c.consumerSiret ?? null,
      c.producerSiret ?? null,
      c.apiSlug ?? null,
      c.dedupKey ?? null,
      c.summary,
      evidence,
      at,
    ],
  );
  return rows[0] ? toCase(rows[0]) : null;
}

/** Replaces the evidence list (the caller merged it under the row lock). */
export async function updateCaseEvidenceById(db: Queryable, id: string, evidence: string[], at: Date): Promise<void> {
  await db.query('UPDATE audit_cases SET evidence = $2::uuid[], updated_at = $3 WHERE id = $1', [id, evidence, at]);
}

export async function updateCaseStatusById(
  db: Queryable,
  id: string,
  status: CaseStatus,
  conclusion: string | null,
  at: Date,
): Promise<AuditCase | null> {
  const { rows } = await db.query<CaseRow>(
    `UPDATE audit_cases SET status = $2, conclusion = CASE WHEN $2 = 'closed' THEN $3 ELSE conclusion END,
       closed_at = CASE WHEN $2 = 'closed' THEN $4::timestamptz ELSE NULL END, updated_at = $4
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, conclusion, at],
  );
  return rows[0] ? toCase(rows[0]) : null;
}

export async function findCaseById(db: Queryable, id: string, forUpdate = false): Promise<AuditCase | null> {
  const { rows } = await db.query<CaseRow>(`SELECT ${COLUMNS} FROM audit_cases WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toCase(rows[0]) : null;
}

export interface CaseFilter {
  status: CaseStatus | null;
  kind: string | null;
  contractId: string | null;
  consumerSiret: string | null;
}

/** Newest first, keyset on (opened_at, id). */
export async function listCasesByFilter(
  db: Queryable,
  f: CaseFilter,
  before: { at: Date; id: string } | null,
  limit: number,
): Promise<AuditCase[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${COLUMNS} FROM audit_cases
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::uuid IS NULL OR contract_id = $3)
       AND ($4::text IS NULL OR consumer_siret = $4) AND ($5::timestamptz IS NULL OR (opened_at, id) < ($5, $6::uuid))
     ORDER BY opened_at DESC, id DESC LIMIT $7`,
    [f.status, f.kind, f.contractId, f.consumerSiret, before?.at ?? null, before?.id ?? null, limit],
  );
  return rows.map(toCase);
}

export async function insertCaseEvent(
  db: Queryable,
  e: {
    caseId: string;
    action: CaseHistoryEntry['action'];
    from: CaseStatus | null;
    to: CaseStatus;
    actorSub: string;
    actorName: string | null;
    note: string | null;
    added: number;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_case_events (case_id, action, from_status, to_status, actor_sub, actor_name, note, added, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.caseId, e.action, e.from, e.to, e.actorSub, e.actorName, e.note, e.added, e.at],
  );
}

export async function listCaseEventsByCase(db: Queryable, caseId: string): Promise<CaseHistoryEntry[]> {
  const { rows } = await db.query<{
    action: CaseHistoryEntry['action'];
    from_status: CaseStatus | null;
    to_status: CaseStatus;
    actor_sub: string;
    actor_name: string | null;
    note: string | null;
    added: number;
    occurred_at: Date;
  }>(
    'SELECT action, from_status, to_status, actor_sub, actor_name, note, added, occurred_at FROM audit_case_events WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => ({
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    actor: { sub: r.actor_sub, name: r.actor_name },
    note: r.note,
    added: r.added,
    occurredAt: r.occurred_at.toISOString(),
  }));
}

export async function countCasesByStatus(db: Queryable): Promise<Record<CaseStatus, number>> {
  const { rows } = await db.query<{ status: CaseStatus; n: number }>('SELECT status, count(*)::int AS n FROM audit_cases GROUP BY status');
  const out: Record<CaseStatus, number> = { open: 0, investigating: 0, closed: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}
