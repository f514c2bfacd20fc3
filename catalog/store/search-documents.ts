import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface SearchDocumentRow {
  kind: 'use_case';
  id: string;
  title: string;
  body: string;
  apiSlugs: string[];
  at: Date;
}

/** Inserts or replaces one searchable document. */
export async function upsertSearchDocument(db: Queryable, d: SearchDocumentRow): Promise<void> {
  await db.query(
    `INSERT INTO catalog_search_documents (kind, id, title, body, api_slugs, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (kind, id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, api_slugs = EXCLUDED.api_slugs,
       updated_at = EXCLUDED.updated_at`,
    [d.kind, d.id, d.title, d.body, d.apiSlugs, d.at],
  );
}

export async function deleteSearchDocumentById(db: Queryable, kind: string, id: string): Promise<void> {
  await db.query('DELETE FROM catalog_search_documents WHERE kind = $1 AND id = $2', [kind, id]);
}
