import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** One agent of an organisation: a membership row, with its invitation when it was invited. */
export interface OrganisationMemberRow {
  id: string;
  issuer: string;
  sub: string | null;
  email: string | null;
  displayName: string | null;
  roles: string[];
  createdAt: Date;
  invitedBy: string | null;
  invitedAt: Date | null;
  expiresAt: Date | null;
  acceptedAt: Date | null;
}

const MEMBER_COLUMNS = `m.id::text AS id, m.issuer, m.sub, m.email, m.display_name AS "displayName", m.roles, m.created_at AS "createdAt",
  i.invited_by AS "invitedBy", i.invited_at AS "invitedAt", i.expires_at AS "expiresAt", i.accepted_at AS "acceptedAt"`;

/**
 * Serialises every change to one organisation's agents until the transaction ends (the
 * last-admin guard counts admins, and an insert would not be blocked by row locks).
 */
export async function lockMembershipsBySiret(db: pg.PoolClient, siret: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('memberships:' || $1, 0))`, [siret]);
}

/** The organisation's agents (bound and invited), oldest first. */
export async function listMembershipsBySiret(db: Queryable, siret: string): Promise<OrganisationMemberRow[]> {
  const { rows } = await db.query<OrganisationMemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM memberships m LEFT JOIN membership_invitations i ON i.membership_id = m.id
      WHERE m.siret = $1 ORDER BY m.id`,
    [siret],
  );
  return rows;
}

/** Replaces the roles of one agent of the organisation; false when no such row. */
export async function updateMembershipRolesByIdAndSiret(db: Queryable, id: string, siret: string, roles: string[]): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE memberships SET roles = $3 WHERE id = $1 AND siret = $2`, [id, siret, roles]);
  return (rowCount ?? 0) > 0;
}

/** Removes one agent from the organisation (its invitation goes with it); false when no such row. */
export async function deleteMembershipByIdAndSiret(db: Queryable, id: string, siret: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM memberships WHERE id = $1 AND siret = $2`, [id, siret]);
  return (rowCount ?? 0) > 0;
}

/** A membership granted ahead of the first login (sub unknown) and its invitation; returns its id. */
export async function insertInvitedMembership(
  db: Queryable,
  m: { issuer: string; email: string; siret: string; roles: string[]; invitedBy: string; invitedAt: Date; expiresAt: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH m AS (INSERT INTO memberships (issuer, sub, email, siret, roles) VALUES ($1, NULL, lower($2), $3, $4) RETURNING id)
     INSERT INTO membership_invitations (membership_id, invited_by, invited_at, expires_at)
     SELECT id, $5, $6, $7 FROM m RETURNING membership_id::text AS id`,
    [m.issuer, m.email, m.siret, m.roles, m.invitedBy, m.invitedAt, m.expiresAt],
  );
  return rows[0]!.id;
}

/** Pending, unexpired invitations of that issuer's e-mail into that organisation, locked. */
export async function listPendingInvitationsByLoginForUpdate(
  db: Queryable,
  issuer: string,
  email: string,
  siret: string,
  now: Date,
): Promise<OrganisationMemberRow[]> {
  const { rows } = await db.query<OrganisationMemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM memberships m JOIN membership_invitations i ON i.membership_id = m.id
      WHERE m.issuer = $1 AND m.sub IS NULL AND m.email = lower($2) AND m.siret = $3 AND i.accepted_at IS NULL AND i.expires_at > $4
      ORDER BY m.id FOR UPDATE OF m, i`,
    [issuer, email, siret, now],
  );
  return rows;
}

/** The agent's own bound row in that organisation (to merge an invitation into), if any. */
export async function findBoundMembershipByIdentityAndSiret(
  db: Queryable,
  issuer: string,
  sub: string,
  siret: string,
): Promise<{ id: string; roles: string[] } | null> {
  const { rows } = await db.query<{ id: string; roles: string[] }>(
    `SELECT id::text AS id, roles FROM memberships WHERE issuer = $1 AND sub = $2 AND siret = $3 ORDER BY id LIMIT 1 FOR UPDATE`,
    [issuer, sub, siret],
  );
  return rows[0] ?? null;
}

/** Binds an invited membership to the subject who logged in with the invited e-mail. */
export async function updateMembershipBoundById(
  db: Queryable,
  id: string,
  sub: string,
  displayName: string | null,
  at: Date,
): Promise<void> {
  await db.query(`UPDATE memberships SET sub = $2, display_name = $3 WHERE id = $1 AND sub IS NULL`, [id, sub, displayName]);
  await db.query(`UPDATE membership_invitations SET accepted_at = $2 WHERE membership_id = $1`, [id, at]);
}

/** The agent's name as their provider gives it at login, on each of their rows (no write when unchanged). */
export async function updateMembershipDisplayNameBySub(db: Queryable, issuer: string, sub: string, displayName: string): Promise<void> {
  await db.query(
    `UPDATE memberships SET display_name = $3 WHERE issuer = $1 AND sub = $2 AND display_name IS DISTINCT FROM $3 AND siret IS NOT NULL`,
    [issuer, sub, displayName],
  );
}
