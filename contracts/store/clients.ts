import type { Queryable } from './tx.js';

export interface ClientRow {
  client_id: string;
  contract_id: string | null;
  producer_siret: string | null;
  /** An editor's client acts under the delegations its organisation accepted. */
  editor_siret: string | null;
  ip_allowlist: string[];
  auth_method: 'client_secret_basic' | 'private_key_jwt';
  jwks: { keys: Record<string, unknown>[] } | null;
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
}

export interface SecretRow {
  id: string;
  secret_hash: string;
  created_at: Date;
  expires_at: Date | null;
}

const COLUMNS =
  'client_id, contract_id, producer_siret, editor_siret, ip_allowlist, auth_method, jwks, created_by, created_at, disabled_at';

export async function insertClient(
  db: Queryable,
  c: {
    clientId: string;
    contractId: string | null;
    producerSiret: string | null;
    editorSiret?: string | null;
    ipAllowlist?: string[];
    authMethod: string;
    jwks: object | null;
    createdBy: string;
    at: Date;
  },
): Promise<ClientRow> {
  const { rows } = await db.query<ClientRow>(
    `INSERT INTO oauth_clients (client_id, contract_id, producer_siret, auth_method, jwks, created_by, created_at, editor_siret, ip_allowlist)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      c.clientId,
      c.contractId,
      c.producerSiret,
      c.authMethod,
      c.jwks ? JSON.stringify(c.jwks) : null,
      c.createdBy,
      c.at,
      c.editorSiret ?? null,
      c.ipAllowlist ?? [],
    ],
  );
  return rows[0]!;
}

export async function findClientById(db: Queryable, clientId: string): Promise<ClientRow | null> {
  const { rows } = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [clientId]);
  return rows[0] ?? null;
}

export async function findClientsByContract(db: Queryable, contractId: string): Promise<ClientRow[]> {
  const { rows } = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE contract_id = $1 ORDER BY created_at`, [
    contractId,
  ]);
  return rows;
}

export async function insertClientSecret(db: Queryable, s: { clientId: string; hash: string; at: Date }): Promise<void> {
  await db.query('INSERT INTO oauth_client_secrets (client_id, secret_hash, created_at) VALUES ($1, $2, $3)', [s.clientId, s.hash, s.at]);
}

/** Secrets still accepted at `now` (a rotated secret until the end of its overlap). */
export async function findValidSecretsByClient(db: Queryable, clientId: string, now: Date): Promise<SecretRow[]> {
  const { rows } = await db.query<SecretRow>(
    'SELECT id, secret_hash, created_at, expires_at FROM oauth_client_secrets WHERE client_id = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY id DESC',
    [clientId, now],
  );
  return rows;
}

/** Rotation: every secret without an end gets one (the overlap), before the new secret is added. */
export async function expireClientSecretsByClient(db: Queryable, clientId: string, expiresAt: Date): Promise<void> {
  await db.query('UPDATE oauth_client_secrets SET expires_at = $2 WHERE client_id = $1 AND (expires_at IS NULL OR expires_at > $2)', [
    clientId,
    expiresAt,
  ]);
}

/** RFC 7523 §3 (7): records a client assertion's jti; false when it was already used (replay). */
export async function insertAssertionJti(db: Queryable, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO oauth_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [clientId, jti, expiresAt],
  );
  return rowCount === 1;
}

export async function deleteExpiredAssertionJtis(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM oauth_assertion_jtis WHERE expires_at < $1', [now]);
}

/** Disables a client (its tokens are refused at /oauth/token from now on); false when it already was. */
export async function disableClient(db: Queryable, clientId: string, at: Date): Promise<boolean> {
  const r = await db.query('UPDATE oauth_clients SET disabled_at = $2 WHERE client_id = $1 AND disabled_at IS NULL', [clientId, at]);
  return (r.rowCount ?? 0) > 0;
}

/** An editor's clients, newest first (at most one enabled). */
export async function findClientsByEditor(db: Queryable, editorSiret: string): Promise<ClientRow[]> {
  const { rows } = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE editor_siret = $1 ORDER BY created_at DESC`, [
    editorSiret,
  ]);
  return rows;
}
