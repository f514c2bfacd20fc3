import type { Queryable } from './tx.js';

export interface EventRow {
  id: string;
  contract_id: string;
  version: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_sub: string;
  actor_name: string | null;
  actor_siret: string | null;
  actor_role: string | null;
  reason: string | null;
  diff: unknown;
  occurred_at: Date;
}

const COLUMNS =
  'id, contract_id, version, action, from_status, to_status, actor_sub, actor_name, actor_siret, actor_role, reason, diff, occurred_at';

export async function insertContractEvent(
  db: Queryable,
  e: {
    contractId: string;
    version: number;
    action: string;
    from: string | null;
    to: string;
    actorSub: string;
    actorName: string | null;
    actorSiret: string | null;
    actorRole: string | null;
    reason: string | null;
    diff: unknown;
    at: Date;
  },
): Promise<EventRow> {
  const { rows } = await db.query<EventRow>(
    `INSERT INTO contract_events (contract_id, version, action, from_status, to_status, actor_sub, actor_name, actor_siret, actor_role, reason, diff, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
    [
      e.contractId,
      e.version,
      e.action,
      e.from,
      e.to,
      e.actorSub,
      e.actorName,
      e.actorSiret,
      e.actorRole,
      e.reason,
      e.diff === null ? null : JSON.stringify(e.diff),
      e.at,
    ],
  );
  return rows[0]!;
}

export async function listEventsByContract(db: Queryable, contractId: string): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM contract_events WHERE contract_id = $1 ORDER BY id`, [contractId]);
  return rows;
}
