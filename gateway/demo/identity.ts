import type pg from 'pg';
import { EMBEDDED_ISSUER_ALIAS, insertMembership } from '../../identity/index.js';
import { listTestAccounts } from './test-accounts.js';

/**
 * Roles of the embedded provider's test agents, in Datapedia's own `memberships` table (the
 * provider knows people, not roles). Idempotent; returns how many grants were added.
 */
export async function seedDemoIdentity(pool: pg.Pool): Promise<number> {
  let added = 0;
  for (const a of listTestAccounts()) {
    if (a.kind !== 'agent' || a.roles.roles.length === 0) continue;
    if (
      await insertMembership(pool, { issuer: EMBEDDED_ISSUER_ALIAS, sub: a.id, email: a.email, siret: a.roles.siret, roles: a.roles.roles })
    )
      added++;
  }
  return added;
}
