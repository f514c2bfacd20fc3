import type { Queryable } from './events.js';
import { RECORD_JSON } from './events.js';
import type { CommittedEvent } from '../event.js';

/** Which rows a reader may see: exactly one party filter is set by the domain function. */
export interface PartyFilter {
  consumerSiret?: string;
  producerSiret?: string;
  editorSiret?: string;
  subjectRefs?: string[];
  types?: string[];
}

/**
 * Newest first, keyset on (occurred_at, id) after the cursor position; each party filter uses
 * its own partial index (consumer, producer, subject).
 */
export async function listEventsByParty(
  db: Queryable,
  f: PartyFilter,
  before: { at: number; id: string } | null,
  limit: number,
): Promise<CommittedEvent[]> {
  const filters = `($2::text[] IS NULL OR e.type = ANY($2::text[]))
       AND ($3::bigint IS NULL OR (e.occurred_at, e.id) < (timestamptz 'epoch' + $3::bigint * interval '1 millisecond', $4::uuid))`;
  // A subject may have several refs (a person, their company): one index range scan per ref
  // (LATERAL), merged — `subject_ref = ANY(...)` would read and sort every row of the person.
  const column =
    f.consumerSiret !== undefined
      ? 'e.consumer_siret'
      : f.producerSiret !== undefined
        ? 'e.producer_siret'
        : f.editorSiret !== undefined
          ? `e.detail ? 'delegation' AND ((e.detail -> 'delegation') ->> 'editorSiret')`
          : null;
  const sql =
    column !== null
      ? `SELECT ${RECORD_JSON}::text AS record, e.hash FROM ledger_events e
       WHERE ${column} = $1 AND ${filters}
       ORDER BY e.occurred_at DESC, e.id DESC LIMIT $5`
      : `SELECT record, hash FROM unnest($1::text[]) AS s(ref) CROSS JOIN LATERAL (
         SELECT ${RECORD_JSON}::text AS record, e.hash, e.occurred_at, e.id FROM ledger_events e
         WHERE e.subject_ref = s.ref AND ${filters}
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT $5) x
       ORDER BY x.occurred_at DESC, x.id DESC LIMIT $5`;
  const value = f.consumerSiret ?? f.producerSiret ?? f.editorSiret ?? [...new Set(f.subjectRefs ?? [])];
  const { rows } = await db.query<{ record: string; hash: string }>(sql, [
    value,
    f.types ?? null,
    before?.at ?? null,
    before?.id ?? null,
    limit,
  ]);
  return rows.map((r) => ({ ...(JSON.parse(r.record) as Omit<CommittedEvent, 'hash'>), hash: r.hash }));
}

/** Recent outcomes on a producer's APIs (producer health), newest first. */
export async function listOutcomesByProducer(
  db: Queryable,
  producerSiret: string,
  since: Date,
  limit: number,
): Promise<
  {
    occurred_at: Date;
    api_slug: string | null;
    outcome: string;
    status: number | null;
    problem_code: string | null;
    latency_ms: number | null;
  }[]
> {
  const { rows } = await db.query<{
    occurred_at: Date;
    api_slug: string | null;
    outcome: string;
    status: number | null;
    problem_code: string | null;
    latency_ms: number | null;
  }>(
    `SELECT occurred_at, api_slug, outcome, status, problem_code, latency_ms FROM ledger_events
     WHERE producer_siret = $1 AND occurred_at >= $2 ORDER BY occurred_at DESC, id DESC LIMIT $3`,
    [producerSiret, since, limit],
  );
  return rows;
}

/** Event counts by type and outcome over a period, optionally for one party (audit). */
export async function countEventsByTypeAndOutcome(
  db: Queryable,
  f: { consumerSiret?: string; producerSiret?: string },
  since: Date,
  until: Date,
): Promise<{ type: string; outcome: string; n: number }[]> {
  const { rows } = await db.query<{ type: string; outcome: string; n: string }>(
    `SELECT type, outcome, count(*) AS n FROM ledger_events
     WHERE occurred_at >= $1 AND occurred_at < $2
       AND ($3::text IS NULL OR consumer_siret = $3) AND ($4::text IS NULL OR producer_siret = $4)
     GROUP BY type, outcome ORDER BY type, outcome`,
    [since, until, f.consumerSiret ?? null, f.producerSiret ?? null],
  );
  return rows.map((r) => ({ type: r.type, outcome: r.outcome, n: Number(r.n) }));
}
