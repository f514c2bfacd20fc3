import type pg from 'pg';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (idempotently) a NOLOGIN role that may only read the given schemas, for the SQL
 * connector to `SET LOCAL ROLE` to. Roles are cluster-wide and test databases run in
 * parallel, so creation tolerates a concurrent creator (duplicate_object / unique_violation).
 * Grants are per database, hence always (re)applied; the connecting user is made a member of the
 * role when it is not already (so `SET ROLE` works without superuser rights).
 */
export async function ensureReadOnlyRole(pool: pg.Pool, role: string, schemas: string[]): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new TypeError(`bad role name ${role}`);
  for (const s of schemas) if (!ROLE_NAME.test(s)) throw new TypeError(`bad schema name ${s}`);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Concurrent grants on the same objects fail with "tuple concurrently updated": serialise them.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`datapedia.readonly_role.${role}`]);
    await client.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // The connecting user must be able to SET ROLE to it (superusers always can).
    await client.query(`DO $$
      BEGIN
        IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
          EXECUTE format('GRANT %I TO %I', '${role}', current_user);
        END IF;
      END $$`);
    for (const s of schemas) {
      await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
