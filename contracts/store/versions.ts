import type { Queryable } from './tx.js';

export interface VersionRow {
  contract_id: string;
  version: number;
  status: string;
  form: Record<string, unknown>;
  submitted_form: Record<string, unknown> | null;
  first_approval: {
    sub: string;
    name: string | null;
    at: string;
    scopes: string[];
    endpoints: string[];
    rateLimitPerMinute: number;
    validUntil: string | null;
  } | null;
  granted: Record<string, unknown> | null;
  artefact: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
}

const COLUMNS =
  'contract_id, version, status, form, submitted_form, first_approval, granted, artefact, valid_from, valid_until, created_by, created_at, updated_at, submitted_at, decided_at';

export async function insertVersion(
  db: Queryable,
  v: { contractId: string; version: number; form: object; createdBy: string; at: Date },
): Promise<VersionRow> {
  const { rows } = await db.query<VersionRow>(
    `INSERT INTO contract_versions (contract_id, version, status, form, created_by, created_at, updated_at)
     VALUES ($1, $2, 'draft', $3, $4, $5, $5) RETURNING ${COLUMNS}`,
    [v.contractId, v.version, JSON.stringify(v.form), v.createdBy, v.at],
  );
  return rows[0]!;
}

export async function findVersionsByContract(db: Queryable, contractId: string): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM contract_versions WHERE contract_id = $1 ORDER BY version`, [
    contractId,
  ]);
  return rows;
}

/** The versions of several contracts at once (lists), in version order. */
export async function findVersionsByContracts(db: Queryable, contractIds: string[]): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${COLUMNS} FROM contract_versions WHERE contract_id = ANY($1::uuid[]) ORDER BY contract_id, version`,
    [contractIds],
  );
  return rows;
}

export async function findVersionByKey(db: Queryable, contractId: string, version: number): Promise<VersionRow | null> {
  const { rows } = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM contract_versions WHERE contract_id = $1 AND version = $2`, [
    contractId,
    version,
  ]);
  return rows[0] ?? null;
}

export async function updateVersionFormByKey(db: Queryable, contractId: string, version: number, form: object, at: Date): Promise<void> {
  await db.query('UPDATE contract_versions SET form = $3, updated_at = $4 WHERE contract_id = $1 AND version = $2', [
    contractId,
    version,
    JSON.stringify(form),
    at,
  ]);
}

/** Sets the status and, when given, the other columns a transition touches. */
export async function updateVersionStatusByKey(
  db: Queryable,
  contractId: string,
  version: number,
  status: string,
  at: Date,
  extra: {
    submittedForm?: object;
    submitted?: boolean;
    firstApproval?: object | null;
    granted?: object;
    artefact?: string;
    validFrom?: Date;
    validUntil?: Date | null;
    decided?: boolean;
  } = {},
): Promise<void> {
  await db.query(
    `UPDATE contract_versions SET status = $3, updated_at = $4,
       submitted_form = CASE WHEN $5::jsonb IS NULL THEN submitted_form ELSE $5::jsonb END,
       submitted_at = CASE WHEN $6 THEN $4 ELSE submitted_at END,
       first_approval = CASE WHEN $7 THEN $8::jsonb ELSE first_approval END,
       granted = COALESCE($9::jsonb, granted),
       artefact = COALESCE($10, artefact),
       valid_from = COALESCE($11, valid_from),
       valid_until = CASE WHEN $12 THEN $13::timestamptz ELSE valid_until END,
       decided_at = CASE WHEN $14 THEN $4 ELSE decided_at END
     WHERE contract_id = $1 AND version = $2`,
    [
      contractId,
      version,
      status,
      at,
      extra.submittedForm ? JSON.stringify(extra.submittedForm) : null,
      !!extra.submitted,
      'firstApproval' in extra,
      extra.firstApproval ? JSON.stringify(extra.firstApproval) : null,
      extra.granted ? JSON.stringify(extra.granted) : null,
      extra.artefact ?? null,
      extra.validFrom ?? null,
      'validUntil' in extra,
      extra.validUntil ?? null,
      !!extra.decided,
    ],
  );
}
