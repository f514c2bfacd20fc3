/** SQL of `flow_procedures`. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface ProcedureRow {
  code: string;
  title: string;
  owner_siret: string;
  form_schema: Record<string, unknown>;
  attachment_rules: unknown;
  routing_level: 'commune' | 'departement' | 'region' | 'national';
  data_elements: string[];
  retention_days: number;
  status: 'active' | 'retired';
  created_at: Date;
}

const COLUMNS = 'code, title, owner_siret, form_schema, attachment_rules, routing_level, data_elements, retention_days, status, created_at';

/** Inserts a procedure; a duplicate code raises 23505. */
export async function insertProcedure(db: Queryable, r: ProcedureRow): Promise<void> {
  await db.query(`INSERT INTO flow_procedures (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
    r.code,
    r.title,
    r.owner_siret,
    JSON.stringify(r.form_schema),
    JSON.stringify(r.attachment_rules),
    r.routing_level,
    r.data_elements,
    r.retention_days,
    r.status,
    r.created_at,
  ]);
}

export async function findProcedureByCode(db: Queryable, code: string): Promise<ProcedureRow | null> {
  const { rows } = await db.query<ProcedureRow>(`SELECT ${COLUMNS} FROM flow_procedures WHERE code = $1`, [code]);
  return rows[0] ?? null;
}

export async function listProcedures(db: Queryable): Promise<ProcedureRow[]> {
  const { rows } = await db.query<ProcedureRow>(`SELECT ${COLUMNS} FROM flow_procedures ORDER BY code`);
  return rows;
}

export async function updateProcedureStatusByCode(db: Queryable, code: string, status: 'active' | 'retired'): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE flow_procedures SET status = $2 WHERE code = $1', [code, status]);
  return rowCount === 1;
}
