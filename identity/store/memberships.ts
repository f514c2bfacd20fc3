import type pg from 'pg';

/** One grant of roles: within an organisation (siret) or platform-wide (siret null). */
export interface MembershipRow {
  issuer: string;
  sub: string | null;
  email: string | null;
  siret: string | null;
  roles: string[];
}

/**
 * Roles of an agent: rows naming their subject, and rows granted ahead of the first login to
 * their e-mail (sub unknown). E-mail matching relies on the provider's verified e-mail (ProConnect).
 * A pending invitation of an organisation's admin is not matched by e-mail alone: it binds to
 * the subject at a login that also carries the organisation's SIRET (organisation-agents.ts).
 */
export async function findMembershipsByIdentity(
  pool: pg.Pool,
  issuer: string,
  sub: string,
  email: string | null,
): Promise<MembershipRow[]> {
  const { rows } = await pool.query(
    `SELECT issuer, sub, email, siret, roles FROM memberships m
      WHERE issuer = $1 AND (sub = $2 OR (sub IS NULL AND $3::text IS NOT NULL AND email = lower($3::text)
        AND NOT EXISTS (SELECT 1 FROM membership_invitations i WHERE i.membership_id = m.id)))
      ORDER BY siret NULLS FIRST, id`,
    [issuer, sub, email],
  );
  return rows as MembershipRow[];
}

/** Grants roles (idempotent: an identical row is left as it is). */
export async function insertMembership(pool: pg.Pool, m: MembershipRow): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO memberships (issuer, sub, email, siret, roles) VALUES ($1, $2, lower($3), $4, $5)
     ON CONFLICT DO NOTHING`,
    [m.issuer, m.sub, m.email, m.siret, m.roles],
  );
  return (rowCount ?? 0) > 0;
}
