import type { Queryable } from '../types.js';

/** One instructed version of an access request: first submission and final decision. */
export interface DecisionRow {
  contractId: string;
  version: number;
  producerSiret: string;
  apiSlug: string;
  submittedAt: Date;
  decidedAt: Date;
  outcome: 'validated' | 'refused';
}

/**
 * Decided versions of access requests whose decision falls in `[from, to)`, read from the
 * contracts domain's append-only `contract_events` (a read model, as audit/ reads them). A
 * version's submission is its first `submit`; its decision the first transition to `validated`
 * or `refused` (a first approval of a highly sensitive API stays `submitted` and is not one).
 */
export async function listDecisionsByPeriod(
  db: Queryable,
  from: Date,
  to: Date,
  filter: { producerSiret?: string; apiSlug?: string } = {},
): Promise<DecisionRow[]> {
  const { rows } = await db.query<{
    contract_id: string;
    version: number;
    producer_siret: string;
    api_slug: string;
    submitted_at: Date;
    decided_at: Date;
    outcome: 'validated' | 'refused';
  }>(
    `WITH decided AS (
       SELECT DISTINCT ON (e.contract_id, e.version) e.contract_id, e.version, e.occurred_at AS decided_at, e.to_status AS outcome
       FROM contract_events e
       WHERE e.to_status IN ('validated', 'refused')
       ORDER BY e.contract_id, e.version, e.id)
     SELECT d.contract_id, d.version, c.producer_siret, c.api_slug, s.submitted_at, d.decided_at, d.outcome
     FROM decided d
     JOIN contracts c ON c.id = d.contract_id
     JOIN LATERAL (SELECT min(x.occurred_at) AS submitted_at FROM contract_events x
                   WHERE x.contract_id = d.contract_id AND x.version = d.version AND x.action = 'submit') s ON s.submitted_at IS NOT NULL
     WHERE d.decided_at >= $1 AND d.decided_at < $2
       AND ($3::text IS NULL OR c.producer_siret = $3) AND ($4::text IS NULL OR c.api_slug = $4)
     ORDER BY d.decided_at, d.contract_id, d.version`,
    [from, to, filter.producerSiret ?? null, filter.apiSlug ?? null],
  );
  return rows.map((r) => ({
    contractId: r.contract_id,
    version: r.version,
    producerSiret: r.producer_siret,
    apiSlug: r.api_slug,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    outcome: r.outcome,
  }));
}
