import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface EndpointRow {
  id: string;
  operation_id: string;
  method: string;
  path_template: string;
  summary: string;
  description: string;
  tags: string[];
  deprecated: boolean;
  parameters: unknown;
  request_body_schema: unknown;
  response_schema: unknown;
  security: unknown;
  fields: string[];
}

const COLUMNS =
  'id, operation_id, method, path_template, summary, description, tags, deprecated, parameters, request_body_schema, response_schema, security, fields';

export async function deleteEndpointsByApiId(db: Queryable, apiId: string): Promise<void> {
  await db.query('DELETE FROM catalog_endpoints WHERE api_id = $1', [apiId]);
}

/** Inserts all endpoints of one version in a single statement (jsonb_to_recordset). */
export async function insertEndpoints(db: Queryable, apiId: string, endpoints: object[]): Promise<void> {
  if (!endpoints.length) return;
  await db.query(
    `INSERT INTO catalog_endpoints (api_id, position, operation_id, method, path_template, summary, description, tags, deprecated,
       parameters, request_body_schema, response_schema, security, fields)
     SELECT $1, e.position, e.operation_id, e.method, e.path_template, e.summary, e.description, e.tags, e.deprecated,
       e.parameters, e.request_body_schema, e.response_schema, e.security, e.fields
     FROM jsonb_to_recordset($2::jsonb) AS e(position int, operation_id text, method text, path_template text, summary text,
       description text, tags text[], deprecated boolean, parameters jsonb, request_body_schema jsonb, response_schema jsonb,
       security jsonb, fields text[])`,
    [apiId, JSON.stringify(endpoints)],
  );
}

export async function listEndpointsByApiId(db: Queryable, apiId: string): Promise<EndpointRow[]> {
  const { rows } = await db.query<EndpointRow>(`SELECT ${COLUMNS} FROM catalog_endpoints WHERE api_id = $1 ORDER BY position`, [apiId]);
  return rows;
}

/** Only what the field lists need (no schemas): cheaper for scope checks. */
export async function listEndpointFieldsByApiId(db: Queryable, apiId: string): Promise<{ operation_id: string; fields: string[] }[]> {
  const { rows } = await db.query<{ operation_id: string; fields: string[] }>(
    'SELECT operation_id, fields FROM catalog_endpoints WHERE api_id = $1 ORDER BY position',
    [apiId],
  );
  return rows;
}
