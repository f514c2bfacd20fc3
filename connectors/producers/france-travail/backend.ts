import type { ConnectorConfig, SqlConfig } from '../../config/types.js';
import { listDemoWorldPeople } from '../../demo-world/people.js';
import { canonicalText, compactDate } from '../../text.js';
import { ensureReadOnlyRole } from '../../sql/readonly-role.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';

/**
 * Creates France Travail's legacy referential in Datapedia's database (schema `legacy_emploi`,
 * names upper-cased without accents, dates as AAAAMMJJ text, sex coded 1/2, as the old system
 * keeps them), idempotently, and grants the connector's read-only role on it.
 */
export async function startFranceTravailBackend(config: ConnectorConfig, _folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const sql = config as SqlConfig;
  await ctx.pool.query(`CREATE SCHEMA IF NOT EXISTS legacy_emploi`);
  await ctx.pool.query(`CREATE TABLE IF NOT EXISTS legacy_emploi.demandeurs (
    identifiant char(8) PRIMARY KEY, nom varchar(60) NOT NULL, prenoms varchar(60) NOT NULL,
    date_naissance char(8) NOT NULL, sexe char(1) NOT NULL, pays_naissance char(5) NOT NULL, commune_naissance char(5),
    date_inscription char(8) NOT NULL, categorie char(1) NOT NULL, date_cessation char(8))`);
  await ctx.pool.query(`CREATE INDEX IF NOT EXISTS demandeurs_identite_idx ON legacy_emploi.demandeurs (nom, prenoms, date_naissance)`);
  const rows = listDemoWorldPeople()
    .filter((p) => p.employment)
    .map((p) => {
      const e = p.employment!;
      return [
        e.identifiant,
        canonicalText(p.pivot.family_name),
        canonicalText(p.pivot.given_name),
        compactDate(p.pivot.birthdate),
        p.pivot.gender === 'male' ? '1' : '2',
        p.pivot.birthcountry,
        p.pivot.birthplace || null,
        compactDate(e.dateInscription),
        e.categorie,
        e.dateCessation ? compactDate(e.dateCessation) : null,
      ];
    });
  await ctx.pool.query(
    `INSERT INTO legacy_emploi.demandeurs SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (identifiant) DO NOTHING`,
    Array.from({ length: 10 }, (_, i) => rows.map((r) => r[i])),
  );
  await ensureReadOnlyRole(ctx.pool, sql.role, ['legacy_emploi']);
  return { config: sql, stop: async () => undefined };
}
