import type { ConnectorConfig, SqlConfig } from '../../config/types.js';
import { listDemoCompanies } from '../../demo-world/companies.js';
import { ensureReadOnlyRole } from '../../sql/readonly-role.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';

/**
 * Creates the company register's legacy referential in Datapedia's database (schema
 * `legacy_sirene`, table `unites_legales`), idempotently, and grants the read-only role.
 */
export async function startInseeBackend(config: ConnectorConfig, _folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const sql = config as SqlConfig;
  await ctx.pool.query(`CREATE SCHEMA IF NOT EXISTS legacy_sirene`);
  await ctx.pool.query(`CREATE TABLE IF NOT EXISTS legacy_sirene.unites_legales (
    siren char(9) PRIMARY KEY, nic_siege char(5) NOT NULL, denomination varchar(120) NOT NULL, cat_jur char(4) NOT NULL,
    ape char(6) NOT NULL, date_creation date NOT NULL, etat char(1) NOT NULL, tranche char(2) NOT NULL, com_siege char(5) NOT NULL)`);
  const cs = listDemoCompanies();
  const cols = [
    cs.map((c) => c.siren),
    cs.map((c) => c.nicSiege),
    cs.map((c) => c.denomination),
    cs.map((c) => c.categorieJuridique),
    cs.map((c) => c.activitePrincipale),
    cs.map((c) => c.dateCreation),
    cs.map((c) => c.etatAdministratif),
    cs.map((c) => c.trancheEffectifs),
    cs.map((c) => c.communeSiege),
  ];
  await ctx.pool.query(
    `INSERT INTO legacy_sirene.unites_legales SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT (siren) DO NOTHING`,
    cols,
  );
  await ensureReadOnlyRole(ctx.pool, sql.role, ['legacy_sirene']);
  return { config: sql, stop: async () => undefined };
}
