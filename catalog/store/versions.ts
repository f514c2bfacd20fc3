import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface VersionRow {
  seq: number;
  version: string;
  openapi_version: string;
  source_sha256: string;
  imported_at: Date;
  imported_by: string | null;
  diff: unknown;
  warnings: unknown;
}

export async function insertApiVersion(
  db: Queryable,
  v: {
    apiId: string;
    seq: number;
    version: string;
    openapiVersion: string;
    sha256: string;
    format: string;
    document: unknown;
    snapshot: unknown;
    diff: unknown;
    warnings: unknown;
    importedBy: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO catalog_api_versions (api_id, seq, version, openapi_version, source_sha256, source_format, document, snapshot, diff, warnings, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      v.apiId,
      v.seq,
      v.version,
      v.openapiVersion,
      v.sha256,
      v.format,
      JSON.stringify(v.document),
      JSON.stringify(v.snapshot),
      JSON.stringify(v.diff),
      JSON.stringify(v.warnings),
      v.importedBy,
    ],
  );
}

/** The latest version's sequence number and snapshot (null before the first import). */
export async function findLatestSnapshotByApiId(db: Queryable, apiId: string): Promise<{ seq: number; snapshot: unknown } | null> {
  const { rows } = await db.query<{ seq: number; snapshot: unknown }>(
    'SELECT seq, snapshot FROM catalog_api_versions WHERE api_id = $1 ORDER BY seq DESC LIMIT 1',
    [apiId],
  );
  return rows[0] ?? null;
}

export async function listVersionsByApiId(db: Queryable, apiId: string): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT seq, version, openapi_version, source_sha256, imported_at, imported_by, diff, warnings
     FROM catalog_api_versions WHERE api_id = $1 ORDER BY seq DESC`,
    [apiId],
  );
  return rows;
}

/** The document as imported (before dereferencing) of the latest version. */
export async function findLatestDocumentByApiId(db: Queryable, apiId: string): Promise<unknown> {
  const { rows } = await db.query<{ document: unknown }>(
    'SELECT document FROM catalog_api_versions WHERE api_id = $1 ORDER BY seq DESC LIMIT 1',
    [apiId],
  );
  return rows[0]?.document ?? null;
}
