import type { Queryable } from './tx.js';

export interface GrantRow {
  id: string;
  status: string;
  consumer_siret: string;
  producer_siret: string;
  api_slug: string;
  current_version: number;
  granted: Record<string, unknown>;
  valid_from: Date;
  valid_until: Date | null;
  client_ids: string[];
}

/** The terms in force of a contract and its enabled clients (null until a first validation). */
export async function findGrantByContractId(db: Queryable, contractId: string): Promise<GrantRow | null> {
  const { rows } = await db.query<GrantRow>(
    `SELECT c.id, c.status, c.consumer_siret, c.producer_siret, c.api_slug, c.current_version, v.granted, v.valid_from, v.valid_until,
            COALESCE((SELECT array_agg(o.client_id ORDER BY o.client_id) FROM oauth_clients o WHERE o.contract_id = c.id AND o.disabled_at IS NULL), '{}') AS client_ids
     FROM contracts c JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
     WHERE c.id = $1`,
    [contractId],
  );
  return rows[0] ?? null;
}
