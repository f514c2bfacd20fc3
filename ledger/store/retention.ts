import type { Queryable } from './events.js';

/** The APIs with events in a chain after `afterSeq`, up to `untilSeq`. */
export async function listApiSlugsInSeqRange(
  db: Queryable,
  chainId: string,
  afterSeq: number,
  untilSeq: number,
): Promise<(string | null)[]> {
  const { rows } = await db.query<{ api_slug: string | null }>(
    'SELECT DISTINCT api_slug FROM ledger_events WHERE chain_id = $1 AND seq > $2 AND seq <= $3',
    [chainId, afterSeq, untilSeq],
  );
  return rows.map((r) => r.api_slug);
}

/**
 * The first seq after `afterSeq` whose event is still within its minimum retention (recorded
 * after its API's cutoff), or null. `cutoffs`: per API slug ('' for none), epoch ms.
 */
export async function findFirstSeqWithinRetention(
  db: Queryable,
  chainId: string,
  afterSeq: number,
  untilSeq: number,
  cutoffs: Record<string, number>,
): Promise<number | null> {
  const { rows } = await db.query<{ seq: string | null }>(
    `SELECT min(e.seq) AS seq FROM ledger_events e
     JOIN json_each_text($4::json) AS c(slug, cutoff) ON coalesce(e.api_slug, '') = c.slug
     WHERE e.chain_id = $1 AND e.seq > $2 AND e.seq <= $3 AND e.recorded_at >= timestamptz 'epoch' + c.cutoff::bigint * interval '1 millisecond'`,
    [chainId, afterSeq, untilSeq, JSON.stringify(cutoffs)],
  );
  return rows[0]?.seq == null ? null : Number(rows[0].seq);
}

/** Whether some event in the range is past its maximum retention (recorded before its cutoff). */
export async function existsEventPastCutoff(
  db: Queryable,
  chainId: string,
  afterSeq: number,
  untilSeq: number,
  cutoffs: Record<string, number>,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM ledger_events e
     JOIN json_each_text($4::json) AS c(slug, cutoff) ON coalesce(e.api_slug, '') = c.slug
     WHERE e.chain_id = $1 AND e.seq > $2 AND e.seq <= $3 AND e.recorded_at < timestamptz 'epoch' + c.cutoff::bigint * interval '1 millisecond' LIMIT 1`,
    [chainId, afterSeq, untilSeq, JSON.stringify(cutoffs)],
  );
  return rows.length > 0;
}
