import type pg from 'pg';

/** A row of `organisations` (snake_case columns mapped to the wire names). */
export interface OrganisationRow {
  siret: string;
  siren: string;
  name: string;
  acronym: string | null;
  kind: string;
  roles: string[];
  created_at: Date;
  updated_at: Date;
}

type Queryable = Pick<pg.Pool, 'query'>;

const COLUMNS = 'siret, siren, name, acronym, kind, roles, created_at, updated_at';

export async function insertOrganisation(
  db: Queryable,
  o: { siret: string; name: string; acronym: string | null; kind: string; roles: string[] },
): Promise<OrganisationRow | null> {
  const { rows } = await db.query<OrganisationRow>(
    `INSERT INTO organisations (siret, name, acronym, kind, roles) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (siret) DO NOTHING RETURNING ${COLUMNS}`,
    [o.siret, o.name, o.acronym, o.kind, o.roles],
  );
  return rows[0] ?? null;
}

export async function findOrganisationBySiret(db: Queryable, siret: string): Promise<OrganisationRow | null> {
  const { rows } = await db.query<OrganisationRow>(`SELECT ${COLUMNS} FROM organisations WHERE siret = $1`, [siret]);
  return rows[0] ?? null;
}

export async function findOrganisationsBySirets(db: Queryable, sirets: string[]): Promise<OrganisationRow[]> {
  const { rows } = await db.query<OrganisationRow>(`SELECT ${COLUMNS} FROM organisations WHERE siret = ANY($1::text[])`, [sirets]);
  return rows;
}

/** Keyset page ordered by SIRET, optionally filtered by role. */
export async function listOrganisationsAfterSiret(
  db: Queryable,
  after: string | null,
  limit: number,
  role: string | null,
): Promise<OrganisationRow[]> {
  const { rows } = await db.query<OrganisationRow>(
    `SELECT ${COLUMNS} FROM organisations
     WHERE ($1::text IS NULL OR siret > $1) AND ($3::text IS NULL OR $3 = ANY(roles))
     ORDER BY siret LIMIT $2`,
    [after, limit, role],
  );
  return rows;
}

export async function updateOrganisationBySiret(
  db: Queryable,
  siret: string,
  patch: { name?: string; acronym?: string | null; kind?: string; roles?: string[] },
): Promise<OrganisationRow | null> {
  const { rows } = await db.query<OrganisationRow>(
    `UPDATE organisations SET
       name = COALESCE($2, name),
       acronym = CASE WHEN $6 THEN $3 ELSE acronym END,
       kind = COALESCE($4, kind),
       roles = COALESCE($5, roles),
       updated_at = now()
     WHERE siret = $1 RETURNING ${COLUMNS}`,
    [siret, patch.name ?? null, patch.acronym ?? null, patch.kind ?? null, patch.roles ?? null, 'acronym' in patch],
  );
  return rows[0] ?? null;
}

export async function countOrganisations(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM organisations');
  return Number(rows[0]!.n);
}
