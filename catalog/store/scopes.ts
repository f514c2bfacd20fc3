import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface ScopeRow {
  name: string;
  label: string;
  pointers: string[];
}

export async function listScopesByApiId(db: Queryable, apiId: string): Promise<ScopeRow[]> {
  const { rows } = await db.query<ScopeRow>('SELECT name, label, pointers FROM catalog_scopes WHERE api_id = $1 ORDER BY name', [apiId]);
  return rows;
}

export async function deleteScopesByApiId(db: Queryable, apiId: string): Promise<void> {
  await db.query('DELETE FROM catalog_scopes WHERE api_id = $1', [apiId]);
}

export async function insertScopes(db: Queryable, apiId: string, scopes: ScopeRow[]): Promise<void> {
  if (!scopes.length) return;
  await db.query(
    `INSERT INTO catalog_scopes (api_id, name, label, pointers)
     SELECT $1, s.name, s.label, s.pointers FROM jsonb_to_recordset($2::jsonb) AS s(name text, label text, pointers text[])`,
    [apiId, JSON.stringify(scopes)],
  );
}
