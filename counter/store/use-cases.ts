/** SQL of `counter_use_cases`. */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface UseCaseRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  administrations: string[];
  legal_basis: string;
  legal_basis_url: string | null;
  documents_before: string[];
  documents_after: string[];
  api_slugs: string[];
  data_elements: string[];
  author_siret: string;
  author_sub: string;
  status: 'submitted' | 'published' | 'rejected';
  moderation_note: string | null;
  created_at: Date;
  published_at: Date | null;
}

const COLUMNS = `id, slug, title, summary, administrations, legal_basis, legal_basis_url, documents_before, documents_after,
  api_slugs, data_elements, author_siret, author_sub, status, moderation_note, created_at, published_at`;

/** Inserts a submitted use case; null when the slug is taken. */
export async function insertUseCase(db: Queryable, r: Omit<UseCaseRow, 'status' | 'moderation_note' | 'published_at'>): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO counter_use_cases (id, slug, title, summary, administrations, legal_basis, legal_basis_url, documents_before,
       documents_after, api_slugs, data_elements, author_siret, author_sub, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted', $14) ON CONFLICT (slug) DO NOTHING`,
    [
      r.id,
      r.slug,
      r.title,
      r.summary,
      r.administrations,
      r.legal_basis,
      r.legal_basis_url,
      r.documents_before,
      r.documents_after,
      r.api_slugs,
      r.data_elements,
      r.author_siret,
      r.author_sub,
      r.created_at,
    ],
  );
  return rowCount === 1;
}

export async function findUseCaseBySlug(db: Queryable, slug: string): Promise<UseCaseRow | null> {
  const { rows } = await db.query<UseCaseRow>(`SELECT ${COLUMNS} FROM counter_use_cases WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}

export async function findUseCaseByIdForUpdate(db: Queryable, id: string): Promise<UseCaseRow | null> {
  const { rows } = await db.query<UseCaseRow>(`SELECT ${COLUMNS} FROM counter_use_cases WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** Use cases in one of `statuses`, optionally only those of `authorSirets` (newest first). */
export async function listUseCasesByStatus(
  db: Queryable,
  statuses: string[],
  authorSirets: string[] | null,
  limit: number,
): Promise<UseCaseRow[]> {
  const { rows } = await db.query<UseCaseRow>(
    `SELECT ${COLUMNS} FROM counter_use_cases WHERE status = ANY($1) AND ($2::text[] IS NULL OR author_siret = ANY($2))
     ORDER BY coalesce(published_at, created_at) DESC, title LIMIT $3`,
    [statuses, authorSirets, limit],
  );
  return rows;
}

/** Published use cases by slug, in the order of `slugs`. */
export async function listPublishedUseCasesBySlugs(db: Queryable, slugs: string[]): Promise<UseCaseRow[]> {
  const { rows } = await db.query<UseCaseRow>(
    `SELECT ${COLUMNS} FROM counter_use_cases WHERE status = 'published' AND slug = ANY($1) ORDER BY array_position($1, slug)`,
    [slugs],
  );
  return rows;
}

/** Published use cases relying on an API (newest first). */
export async function listPublishedUseCasesByApiSlug(db: Queryable, apiSlug: string): Promise<UseCaseRow[]> {
  const { rows } = await db.query<UseCaseRow>(
    `SELECT ${COLUMNS} FROM counter_use_cases WHERE status = 'published' AND $1 = ANY(api_slugs) ORDER BY published_at DESC, title`,
    [apiSlug],
  );
  return rows;
}

export async function updateUseCaseModerationById(
  db: Queryable,
  id: string,
  o: { status: 'published' | 'rejected'; note: string | null; by: string; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE counter_use_cases SET status = $2::text, moderation_note = $3, moderated_by = $4, moderated_at = $5::timestamptz,
       published_at = CASE WHEN $2::text = 'published' THEN $5::timestamptz ELSE NULL END WHERE id = $1`,
    [id, o.status, o.note, o.by, o.at],
  );
}
