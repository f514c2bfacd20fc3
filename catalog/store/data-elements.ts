import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface DataElementRow {
  id: string;
  label: string;
  definition: string;
  format: unknown;
  subject_kind: string;
  sensitivity: string;
  legal_source: unknown;
  update_frequency: string;
}

const COLUMNS = 'id, label, definition, format, subject_kind, sensitivity, legal_source, update_frequency';

export async function upsertDataElement(db: Queryable, e: DataElementRow): Promise<DataElementRow> {
  const { rows } = await db.query<DataElementRow>(
    `INSERT INTO catalog_data_elements (id, label, definition, format, subject_kind, sensitivity, legal_source, update_frequency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, definition = EXCLUDED.definition, format = EXCLUDED.format,
       subject_kind = EXCLUDED.subject_kind, sensitivity = EXCLUDED.sensitivity, legal_source = EXCLUDED.legal_source,
       update_frequency = EXCLUDED.update_frequency, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      e.id,
      e.label,
      e.definition,
      JSON.stringify(e.format),
      e.subject_kind,
      e.sensitivity,
      JSON.stringify(e.legal_source),
      e.update_frequency,
    ],
  );
  return rows[0]!;
}

export async function findDataElementById(db: Queryable, id: string): Promise<DataElementRow | null> {
  const { rows } = await db.query<DataElementRow>(`SELECT ${COLUMNS} FROM catalog_data_elements WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listDataElements(db: Queryable): Promise<DataElementRow[]> {
  const { rows } = await db.query<DataElementRow>(`SELECT ${COLUMNS} FROM catalog_data_elements ORDER BY label`);
  return rows;
}

export async function findMissingDataElementIds(db: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT x.id FROM unnest($1::text[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM catalog_data_elements d WHERE d.id = x.id)',
    [ids],
  );
  return rows.map((r) => r.id);
}

export async function deleteFieldElementsByApiId(db: Queryable, apiId: string): Promise<void> {
  await db.query('DELETE FROM catalog_field_elements WHERE api_id = $1', [apiId]);
}

export async function insertFieldElements(
  db: Queryable,
  apiId: string,
  links: { pointer: string; dataElementId: string }[],
): Promise<void> {
  if (!links.length) return;
  await db.query(
    `INSERT INTO catalog_field_elements (api_id, pointer, data_element_id)
     SELECT $1, l.pointer, l."dataElementId" FROM jsonb_to_recordset($2::jsonb) AS l(pointer text, "dataElementId" text)`,
    [apiId, JSON.stringify(links)],
  );
}

export async function listFieldElementsByApiId(db: Queryable, apiId: string): Promise<{ pointer: string; data_element_id: string }[]> {
  const { rows } = await db.query<{ pointer: string; data_element_id: string }>(
    'SELECT pointer, data_element_id FROM catalog_field_elements WHERE api_id = $1 ORDER BY pointer',
    [apiId],
  );
  return rows;
}

/** The APIs (and their endpoints) whose response fields carry a data element; `lifecycles` null = any. */
export async function listCarriersByDataElementId(
  db: Queryable,
  id: string,
  lifecycles: string[] | null,
): Promise<{ slug: string; title: string; producer_siret: string; pointer: string; operation_ids: string[] }[]> {
  const { rows } = await db.query(
    `SELECT a.slug, a.title, a.producer_siret, f.pointer,
       COALESCE(array_agg(e.operation_id ORDER BY e.position) FILTER (WHERE e.operation_id IS NOT NULL), '{}') AS operation_ids
     FROM catalog_field_elements f
     JOIN catalog_apis a ON a.id = f.api_id
     LEFT JOIN catalog_endpoints e ON e.api_id = f.api_id AND f.pointer = ANY(e.fields)
     WHERE f.data_element_id = $1 AND ($2::text[] IS NULL OR a.lifecycle = ANY($2))
     GROUP BY a.slug, a.title, a.producer_siret, f.pointer ORDER BY a.title, f.pointer`,
    [id, lifecycles],
  );
  return rows;
}
