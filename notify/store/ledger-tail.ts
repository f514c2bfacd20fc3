/** SQL of the "data obtained" job: its positions (`notify_ledger_positions`) and one batch of the ledger's tail. */
import type { Queryable } from './preferences.js';

/** Position rows (seq 0) for the ledger chains the job has not seen yet. */
export async function insertMissingTailPositions(db: Queryable): Promise<void> {
  await db.query('INSERT INTO notify_ledger_positions (chain_id) SELECT chain_id FROM ledger_chain_ids ON CONFLICT (chain_id) DO NOTHING');
}

export async function listTailPositions(db: Queryable): Promise<{ chainId: string; seq: number }[]> {
  const { rows } = await db.query<{ chain_id: string; seq: string }>('SELECT chain_id, seq FROM notify_ledger_positions ORDER BY chain_id');
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq) }));
}

/** Locks a chain's position for this transaction; null when another gateway's job holds it (SKIP LOCKED). */
export async function lockTailPositionByChain(db: Queryable, chainId: string): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('SELECT seq FROM notify_ledger_positions WHERE chain_id = $1 FOR UPDATE SKIP LOCKED', [
    chainId,
  ]);
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function updateTailPositionByChain(db: Queryable, chainId: string, seq: number, at: Date): Promise<void> {
  await db.query('UPDATE notify_ledger_positions SET seq = $2, updated_at = $3 WHERE chain_id = $1', [chainId, seq, at]);
}

export interface TailBatch {
  /** Last seq of the batch (null: nothing after the position). */
  lastSeq: number | null;
  events: number;
  queued: number;
  /** Recording time of the batch's first event (lag). */
  firstRecordedAt: Date | null;
}

/**
 * One statement over the next `limit` events of a chain after `afterSeq`: every served exchange
 * about a person by an administration (consumer SIRET) queues `data_obtained:<person>:<consumer>`
 * for a person who opted in to the kind — `held` until `digestAt` on the daily digest — unless
 * that key was ever queued (notify/keys.ts `dataObtainedKey`). The person's own consultations
 * carry no consumer SIRET and queue nothing.
 */
export async function enqueueDataObtainedAfterSeq(
  db: Queryable,
  o: { chainId: string; afterSeq: number; limit: number; at: Date; digestAt: Date },
): Promise<TailBatch> {
  const { rows } = await db.query<{ last_seq: string | null; events: number; queued: number; first_recorded_at: Date | null }>(
    `WITH batch AS (
       SELECT seq, recorded_at, type, outcome, subject_kind, subject_ref, consumer_siret FROM ledger_exchange_subjects
       WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
     ), obtained AS (
       SELECT DISTINCT subject_ref, consumer_siret FROM batch
       WHERE type = 'exchange.served' AND outcome = 'served' AND subject_kind = 'person' AND subject_ref IS NOT NULL AND consumer_siret IS NOT NULL
     ), queued AS (
       INSERT INTO notify_outbox (id, notification_key, person_ref, kind, recipient, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), 'data_obtained:' || r.person_ref || ':' || o.consumer_siret, r.person_ref, 'data_obtained', r.email,
              CASE WHEN r.digest = 'daily' THEN 'held' ELSE 'pending' END,
              CASE WHEN r.digest = 'daily' THEN $5::timestamptz ELSE $4::timestamptz END, $4
       FROM obtained o
       JOIN notify_recipients r ON r.person_ref = o.subject_ref
       JOIN notify_preferences p ON p.person_ref = r.person_ref AND p.kind = 'data_obtained' AND p.enabled
       ON CONFLICT (notification_key) DO NOTHING RETURNING 1
     )
     SELECT (SELECT max(seq) FROM batch) AS last_seq, (SELECT count(*) FROM batch)::int AS events,
            (SELECT count(*) FROM queued)::int AS queued, (SELECT min(recorded_at) FROM batch) AS first_recorded_at`,
    [o.chainId, o.afterSeq, o.limit, o.at, o.digestAt],
  );
  const r = rows[0]!;
  return {
    lastSeq: r.last_seq === null ? null : Number(r.last_seq),
    events: r.events,
    queued: r.queued,
    firstRecordedAt: r.first_recorded_at,
  };
}
