import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

/** A row of `catalog_apis`. */
export interface ApiRow {
  id: string;
  slug: string;
  producer_siret: string;
  title: string;
  description: string;
  version: string | null;
  lifecycle: string;
  sunset_date: string | null;
  deprecation_notice: string | null;
  access: string;
  sensitivity: string;
  subject_kind: string;
  consent_policy: string;
  proactive: boolean;
  rate_limit_per_minute: number;
  retention_min_days: number | null;
  retention_max_days: number | null;
  contact: unknown;
  documentation_url: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, slug, producer_siret, title, description, version, lifecycle, to_char(sunset_date, 'YYYY-MM-DD') AS sunset_date,
  deprecation_notice, access, sensitivity, subject_kind, consent_policy, proactive, rate_limit_per_minute, contact,
  documentation_url, retention_min_days, retention_max_days, created_at, updated_at`;

/** The writable columns, in the order of the parameters below. */
export interface ApiValues {
  slug: string;
  producerSiret: string;
  title: string;
  description: string;
  access: string;
  sensitivity: string;
  subjectKind: string;
  consentPolicy: string;
  proactive: boolean;
  rateLimitPerMinute: number;
  contact: unknown;
  documentationUrl: string | null;
  retention: { minDays: number; maxDays: number } | null;
}

export async function insertApi(db: Queryable, v: ApiValues): Promise<ApiRow | null> {
  const { rows } = await db.query<ApiRow>(
    `INSERT INTO catalog_apis (slug, producer_siret, title, description, access, sensitivity, subject_kind, consent_policy,
       rate_limit_per_minute, contact, documentation_url, proactive, retention_min_days, retention_max_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (slug) DO NOTHING RETURNING ${COLUMNS}`,
    [
      v.slug,
      v.producerSiret,
      v.title,
      v.description,
      v.access,
      v.sensitivity,
      v.subjectKind,
      v.consentPolicy,
      v.rateLimitPerMinute,
      JSON.stringify(v.contact ?? null),
      v.documentationUrl,
      v.proactive,
      v.retention?.minDays ?? null,
      v.retention?.maxDays ?? null,
    ],
  );
  return rows[0] ?? null;
}

export async function findApiBySlug(db: Queryable, slug: string): Promise<ApiRow | null> {
  const { rows } = await db.query<ApiRow>(`SELECT ${COLUMNS} FROM catalog_apis WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}

/** Locks the API row for the rest of the transaction (serialises concurrent imports). */
export async function lockApiBySlug(db: Queryable, slug: string): Promise<ApiRow | null> {
  const { rows } = await db.query<ApiRow>(`SELECT ${COLUMNS} FROM catalog_apis WHERE slug = $1 FOR UPDATE`, [slug]);
  return rows[0] ?? null;
}

/** APIs ordered by title; `lifecycles` null = any; `producer` null = any. */
export async function listApisByFilter(db: Queryable, f: { lifecycles: string[] | null; producer: string | null }): Promise<ApiRow[]> {
  const { rows } = await db.query<ApiRow>(
    `SELECT ${COLUMNS} FROM catalog_apis
     WHERE ($1::text[] IS NULL OR lifecycle = ANY($1)) AND ($2::text IS NULL OR producer_siret = $2)
     ORDER BY title, slug`,
    [f.lifecycles, f.producer],
  );
  return rows;
}

/** Replaces the descriptive columns (a full, validated update computed by the caller). */
export async function updateApiBySlug(db: Queryable, slug: string, v: Omit<ApiValues, 'slug' | 'producerSiret'>): Promise<ApiRow | null> {
  const { rows } = await db.query<ApiRow>(
    `UPDATE catalog_apis SET title = $2, description = $3, access = $4, sensitivity = $5, subject_kind = $6, consent_policy = $7,
       rate_limit_per_minute = $8, contact = $9, documentation_url = $10, proactive = $11,
       retention_min_days = $12, retention_max_days = $13, updated_at = now()
     WHERE slug = $1 RETURNING ${COLUMNS}`,
    [
      slug,
      v.title,
      v.description,
      v.access,
      v.sensitivity,
      v.subjectKind,
      v.consentPolicy,
      v.rateLimitPerMinute,
      JSON.stringify(v.contact ?? null),
      v.documentationUrl,
      v.proactive,
      v.retention?.minDays ?? null,
      v.retention?.maxDays ?? null,
    ],
  );
  return rows[0] ?? null;
}

export async function updateApiLifecycleBySlug(
  db: Queryable,
  slug: string,
  v: { lifecycle: string; sunsetDate: string | null; notice: string | null },
): Promise<ApiRow | null> {
  const { rows } = await db.query<ApiRow>(
    `UPDATE catalog_apis SET lifecycle = $2, sunset_date = $3::date, deprecation_notice = $4, updated_at = now()
     WHERE slug = $1 RETURNING ${COLUMNS}`,
    [slug, v.lifecycle, v.sunsetDate, v.notice],
  );
  return rows[0] ?? null;
}

export async function updateApiVersionById(db: Queryable, id: string, version: string): Promise<void> {
  await db.query('UPDATE catalog_apis SET version = $2, updated_at = now() WHERE id = $1', [id, version]);
}

/** The connector column alone: never part of an API read (it holds the sealed binding). */
export async function findApiConnectorBySlug(db: Queryable, slug: string): Promise<unknown> {
  const { rows } = await db.query<{ connector: unknown }>('SELECT connector FROM catalog_apis WHERE slug = $1', [slug]);
  return rows[0]?.connector ?? null;
}

export async function updateApiConnectorBySlug(db: Queryable, slug: string, connector: unknown): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE catalog_apis SET connector = $2, updated_at = now() WHERE slug = $1', [
    slug,
    JSON.stringify(connector ?? null),
  ]);
  return rowCount === 1;
}

/** Tells every gateway process that an API changed (LISTEN datapedia_catalog; delivered at commit). */
export async function notifyApiChanged(db: Queryable, slug: string): Promise<void> {
  await db.query(`SELECT pg_notify('datapedia_catalog', $1)`, [slug]);
}

/** Slugs and retention of the APIs that declare one. */
export async function listApiRetentionRows(
  db: Queryable,
): Promise<{ slug: string; retention_min_days: number; retention_max_days: number }[]> {
  const { rows } = await db.query<{ slug: string; retention_min_days: number; retention_max_days: number }>(
    'SELECT slug, retention_min_days, retention_max_days FROM catalog_apis WHERE retention_max_days IS NOT NULL ORDER BY slug',
  );
  return rows;
}
