import type pg from 'pg';
import type { Queryable } from './events.js';
import { RECORD_JSON } from './events.js';
import type { CommittedEvent } from '../event.js';

export async function insertRelayPosition(db: Queryable, chainId: string): Promise<void> {
  await db.query('INSERT INTO ledger_relay_positions (chain_id) VALUES ($1) ON CONFLICT (chain_id) DO NOTHING', [chainId]);
}

/**
 * Locks a chain's relay position for this transaction; null when another relay holds it
 * (SKIP LOCKED: two gateways never publish the same chain at once, so order per chain holds).
 */
export async function lockRelayPositionByChainId(client: pg.PoolClient, chainId: string): Promise<number | null> {
  const { rows } = await client.query<{ seq: string }>(
    'SELECT seq FROM ledger_relay_positions WHERE chain_id = $1 FOR UPDATE SKIP LOCKED',
    [chainId],
  );
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function updateRelayPositionByChainId(client: Queryable, chainId: string, seq: number): Promise<void> {
  await client.query('UPDATE ledger_relay_positions SET seq = $2, updated_at = now() WHERE chain_id = $1', [chainId, seq]);
}

export async function findRelayPositions(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ chain_id: string; seq: string }>('SELECT chain_id, seq FROM ledger_relay_positions');
  return Object.fromEntries(rows.map((r) => [r.chain_id, Number(r.seq)]));
}

/** The next committed events of a chain after a seq, in order. */
export async function listEventsAfterSeq(db: Queryable, chainId: string, afterSeq: number, limit: number): Promise<CommittedEvent[]> {
  const { rows } = await db.query<{ record: string; hash: string }>(
    `SELECT ${RECORD_JSON}::text AS record, e.hash FROM ledger_events e
     WHERE e.chain_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
    [chainId, afterSeq, limit],
  );
  return rows.map((r) => ({ ...(JSON.parse(r.record) as Omit<CommittedEvent, 'hash'>), hash: r.hash }));
}
