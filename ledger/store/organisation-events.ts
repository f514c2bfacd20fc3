import type { Queryable } from './events.js';
import { RECORD_JSON } from './events.js';
import type { CommittedEvent } from '../event.js';

/**
 * An organisation's `membership.event` rows, newest first (index ledger_events_membership_org_idx);
 * events of one instant in their chain's order.
 */
export async function listMembershipEventsByOrganisation(db: Queryable, siret: string, limit: number): Promise<CommittedEvent[]> {
  const { rows } = await db.query<{ record: string; hash: string }>(
    `SELECT ${RECORD_JSON}::text AS record, e.hash FROM ledger_events e
      WHERE e.type = 'membership.event' AND (e.detail ->> 'organisation') = $1
      ORDER BY e.occurred_at DESC, e.seq DESC, e.id DESC LIMIT $2`,
    [siret, limit],
  );
  return rows.map((r) => ({ ...(JSON.parse(r.record) as Omit<CommittedEvent, 'hash'>), hash: r.hash }));
}
