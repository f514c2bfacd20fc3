import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface SearchRow {
  kind: 'api' | 'endpoint' | 'data_element' | 'use_case';
  id: string;
  title: string;
  excerpt: string;
  api_slug: string | null;
  producer_siret: string | null;
  rank: number;
}

export interface SearchFilter {
  q: string;
  producer: string | null;
  subjectKind: string | null;
  sensitivity: string | null;
  access: string | null;
  lifecycles: string[];
  kinds: string[];
  limit: number;
}

/**
 * French full-text search (configuration `fr_unaccent`: French stemming without accents) over
 * APIs, endpoints and data elements, ranked by `ts_rank_cd` (title weight A > B > C). Filters
 * apply to the API; a data element matches a producer/access filter when an API satisfying it
 * carries the element; a document (use case) when one of its APIs satisfies it. `kinds` selects
 * the kinds of hits.
 */
export async function searchCatalogByQuery(db: Queryable, f: SearchFilter): Promise<SearchRow[]> {
  const { rows } = await db.query<SearchRow>(
    `WITH q AS (SELECT websearch_to_tsquery('fr_unaccent', $1) AS query),
     visible AS (
       SELECT * FROM catalog_apis
       WHERE lifecycle = ANY($6) AND ($2::text IS NULL OR producer_siret = $2) AND ($3::text IS NULL OR subject_kind = $3)
         AND ($4::text IS NULL OR sensitivity = $4) AND ($5::text IS NULL OR access = $5))
     SELECT 'api' AS kind, a.slug AS id, a.title, left(a.description, 240) AS excerpt, a.slug AS api_slug, a.producer_siret,
            ts_rank_cd(a.search, q.query) * 1.2 AS rank
       FROM visible a, q WHERE 'api' = ANY($8) AND a.search @@ q.query
     UNION ALL
     SELECT 'endpoint', e.operation_id, coalesce(nullif(e.summary, ''), e.operation_id), upper(e.method) || ' ' || e.path_template,
            a.slug, a.producer_siret, ts_rank_cd(e.search, q.query)
       FROM catalog_endpoints e JOIN visible a ON a.id = e.api_id, q WHERE 'endpoint' = ANY($8) AND e.search @@ q.query
     UNION ALL
     SELECT 'data_element', d.id, d.label, left(d.definition, 240), NULL, NULL, ts_rank_cd(d.search, q.query) * 1.1
       FROM catalog_data_elements d, q
      WHERE 'data_element' = ANY($8) AND d.search @@ q.query AND ($3::text IS NULL OR d.subject_kind = $3) AND ($4::text IS NULL OR d.sensitivity = $4)
        AND (($2::text IS NULL AND $5::text IS NULL)
             OR EXISTS (SELECT 1 FROM catalog_field_elements fe JOIN visible a ON a.id = fe.api_id WHERE fe.data_element_id = d.id))
     UNION ALL
     SELECT s.kind, s.id, s.title, left(s.body, 240), s.api_slugs[1], NULL, ts_rank_cd(s.search, q.query)
       FROM catalog_search_documents s, q
      WHERE s.kind = ANY($8) AND s.search @@ q.query
        AND EXISTS (SELECT 1 FROM visible a WHERE a.slug = ANY(s.api_slugs))
     ORDER BY rank DESC, title LIMIT $7`,
    [f.q, f.producer, f.subjectKind, f.sensitivity, f.access, f.lifecycles, f.limit, f.kinds],
  );
  return rows;
}
