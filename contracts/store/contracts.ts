import type { Queryable } from './tx.js';

export interface ContractRow {
  id: string;
  consumer_siret: string;
  producer_siret: string;
  api_slug: string;
  status: string;
  current_version: number | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, consumer_siret, producer_siret, api_slug, status, current_version, created_by, created_at, updated_at';

export async function insertContract(
  db: Queryable,
  c: { id: string; consumerSiret: string; producerSiret: string; apiSlug: string; createdBy: string; at: Date },
): Promise<ContractRow> {
  const { rows } = await db.query<ContractRow>(
    `INSERT INTO contracts (id, consumer_siret, producer_siret, api_slug, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${COLUMNS}`,
    [c.id, c.consumerSiret, c.producerSiret, c.apiSlug, c.createdBy, c.at],
  );
  return rows[0]!;
}

/** The contract, locked for the rest of the transaction when `forUpdate` (serialises transitions). */
export async function findContractById(db: Queryable, id: string, forUpdate = false): Promise<ContractRow | null> {
  const { rows } = await db.query<ContractRow>(`SELECT ${COLUMNS} FROM contracts WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function updateContractStatusById(
  db: Queryable,
  id: string,
  status: string,
  currentVersion: number | null,
  at: Date,
): Promise<void> {
  await db.query('UPDATE contracts SET status = $2, current_version = $3, updated_at = $4 WHERE id = $1', [id, status, currentVersion, at]);
}

/** Contracts of the given organisations (as consumer or producer), or all when `sirets` is null (auditors). */
export async function listContractsBySirets(
  db: Queryable,
  sirets: string[] | null,
  side: 'consumer' | 'producer' | 'any',
  limit: number,
): Promise<ContractRow[]> {
  const { rows } = await db.query<ContractRow>(
    `SELECT ${COLUMNS} FROM contracts
     WHERE $1::text[] IS NULL
        OR ($2 IN ('consumer', 'any') AND consumer_siret = ANY($1::text[]))
        OR ($2 IN ('producer', 'any') AND producer_siret = ANY($1::text[]))
     ORDER BY updated_at DESC, id LIMIT $3`,
    [sirets, side, limit],
  );
  return rows;
}

/** Active or suspended contracts whose version in force ended before `now`. */
export async function listExpiredContractIds(db: Queryable, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM contracts c JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
     WHERE c.status IN ('active', 'suspended') AND v.valid_until IS NOT NULL AND v.valid_until <= $1`,
    [now],
  );
  return rows.map((r) => r.id);
}
