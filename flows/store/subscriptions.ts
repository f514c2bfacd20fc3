/** SQL of `flow_subscriptions` and `flow_subscription_territories`; routing is one indexed query. */
import type { Queryable } from './procedures.js';

export interface SubscriptionRow {
  id: string;
  procedure_code: string;
  subscriber_siret: string;
  subscriber_name: string;
  status: 'pending' | 'active' | 'suspended' | 'revoked';
  delivery_mode: 'pull' | 'push';
  webhook_url: string | null;
  created_at: Date;
  approved_at: Date | null;
  approved_by: Record<string, unknown> | null;
  territories: { level: 'commune' | 'departement' | 'region' | 'national'; code: string }[];
}

const COLUMNS = `s.id, s.procedure_code, s.subscriber_siret, s.subscriber_name, s.status, s.delivery_mode, s.webhook_url, s.created_at, s.approved_at, s.approved_by,
  COALESCE((SELECT json_agg(json_build_object('level', t.level, 'code', t.code) ORDER BY t.level, t.code) FROM flow_subscription_territories t WHERE t.subscription_id = s.id), '[]') AS territories`;

export async function insertSubscription(
  db: Queryable,
  r: Omit<SubscriptionRow, 'territories' | 'approved_at' | 'approved_by'>,
): Promise<void> {
  await db.query(
    `INSERT INTO flow_subscriptions (id, procedure_code, subscriber_siret, subscriber_name, status, delivery_mode, webhook_url, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.id, r.procedure_code, r.subscriber_siret, r.subscriber_name, r.status, r.delivery_mode, r.webhook_url, r.created_at],
  );
}

export async function insertSubscriptionTerritories(
  db: Queryable,
  id: string,
  procedureCode: string,
  levels: string[],
  codes: string[],
): Promise<void> {
  await db.query(
    `INSERT INTO flow_subscription_territories (subscription_id, procedure_code, level, code)
    SELECT $1, $2, l, c FROM unnest($3::text[], $4::text[]) AS u (l, c)`,
    [id, procedureCode, levels, codes],
  );
}

export async function findSubscriptionById(db: Queryable, id: string, forUpdate = false): Promise<SubscriptionRow | null> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM flow_subscriptions s WHERE s.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listSubscriptionsByProcedure(db: Queryable, procedureCode: string | null): Promise<SubscriptionRow[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM flow_subscriptions s WHERE $1::text IS NULL OR s.procedure_code = $1 ORDER BY s.procedure_code, s.created_at, s.id`,
    [procedureCode],
  );
  return rows;
}

export async function listSubscriptionsBySubscriber(db: Queryable, siret: string): Promise<SubscriptionRow[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM flow_subscriptions s WHERE s.subscriber_siret = $1 ORDER BY s.procedure_code, s.created_at`,
    [siret],
  );
  return rows;
}

export async function updateSubscriptionStatusById(
  db: Queryable,
  id: string,
  status: SubscriptionRow['status'],
  approvedAt: Date | null,
  approvedBy: Record<string, unknown> | null,
): Promise<void> {
  await db.query(
    `UPDATE flow_subscriptions SET status = $2, approved_at = COALESCE($3, approved_at), approved_by = COALESCE($4, approved_by) WHERE id = $1`,
    [id, status, approvedAt, approvedBy === null ? null : JSON.stringify(approvedBy)],
  );
}

/** Another active subscription of the same procedure covering one of these exact territories. */
export async function findActiveOverlapBySubscription(
  db: Queryable,
  id: string,
): Promise<{ id: string; level: string; code: string } | null> {
  const { rows } = await db.query<{ id: string; level: string; code: string }>(
    `SELECT o.subscription_id AS id, o.level, o.code FROM flow_subscription_territories mine
     JOIN flow_subscription_territories o ON o.procedure_code = mine.procedure_code AND o.level = mine.level AND o.code = mine.code AND o.subscription_id <> mine.subscription_id
     JOIN flow_subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
     WHERE mine.subscription_id = $1 LIMIT 1`,
    [id],
  );
  return rows[0] ?? null;
}

export interface RouteRow {
  id: string;
  subscriber_siret: string;
  subscriber_name: string;
  delivery_mode: 'pull' | 'push';
  level: string;
  code: string;
}

/**
 * The most specific active subscription covering a commune: commune codes (the arrondissement
 * before its commune), then département, région, national; only the levels the procedure allows.
 */
export async function findRouteByTerritory(
  db: Queryable,
  procedureCode: string,
  levels: string[],
  communes: string[],
  departement: string,
  region: string,
): Promise<RouteRow | null> {
  const { rows } = await db.query<RouteRow>(
    `SELECT s.id, s.subscriber_siret, s.subscriber_name, s.delivery_mode, t.level, t.code
     FROM flow_subscription_territories t JOIN flow_subscriptions s ON s.id = t.subscription_id AND s.status = 'active'
     WHERE t.procedure_code = $1 AND t.level = ANY($2::text[])
       AND ((t.level = 'commune' AND t.code = ANY($3::text[])) OR (t.level = 'departement' AND t.code = $4)
         OR (t.level = 'region' AND t.code = $5) OR t.level = 'national')
     ORDER BY array_position(ARRAY['commune', 'departement', 'region', 'national'], t.level), array_position($3::text[], t.code), s.approved_at, s.id
     LIMIT 1`,
    [procedureCode, levels, communes, departement, region],
  );
  return rows[0] ?? null;
}
