import type pg from 'pg';
import { createOrganisation, getOrganisation, type OrganisationInput } from '../../catalog/index.js';
import { ProblemError } from '../../schemas/index.js';

/**
 * The demo world's administrations. SIRETs are synthetic but valid (Luhn); names are
 * real-looking but this is demo data, not a directory.
 */
export const DEMO_ORGANISATIONS = {
  cnaf: {
    siret: '18000100000017',
    name: 'Caisse nationale des allocations familiales',
    acronym: 'CNAF',
    kind: 'organisme_social',
    roles: ['producer'],
  },
  dgfip: {
    siret: '11000200300017',
    name: 'Direction générale des finances publiques',
    acronym: 'DGFiP',
    kind: 'administration_centrale',
    roles: ['producer'],
  },
  cnous: {
    siret: '18000300600012',
    name: 'Centre national des œuvres universitaires et scolaires',
    acronym: 'CNOUS',
    kind: 'operateur',
    roles: ['producer'],
  },
  franceTravail: { siret: '13000400500018', name: 'France Travail', acronym: null, kind: 'operateur', roles: ['producer', 'consumer'] },
  insee: {
    siret: '12000500400011',
    name: 'Institut national de la statistique et des études économiques',
    acronym: 'INSEE',
    kind: 'administration_centrale',
    roles: ['producer'],
  },
  dinum: {
    siret: '13000600000017',
    name: 'Direction interministérielle du numérique',
    acronym: 'DINUM',
    kind: 'administration_centrale',
    roles: ['producer', 'consumer'],
  },
  villeLyon: {
    siret: '21690123100011',
    name: 'Ville de Lyon — Centre communal d’action sociale',
    acronym: 'CCAS Lyon',
    kind: 'collectivite',
    roles: ['consumer'],
  },
  departementGironde: {
    siret: '22330001300016',
    name: 'Département de la Gironde',
    acronym: null,
    kind: 'collectivite',
    roles: ['consumer'],
  },
  crousParis: { siret: '18000700700016', name: 'Crous de Paris', acronym: null, kind: 'operateur', roles: ['consumer'] },
  villeVilleurbanne: {
    siret: '21690266800013',
    name: 'Ville de Villeurbanne — Centre communal d’action sociale',
    acronym: 'CCAS Villeurbanne',
    kind: 'collectivite',
    roles: ['consumer'],
  },
  /** A software editor: acts for the communes that delegate their contracts to it (docs/architecture.md, "Delegations"). */
  solisLogiciels: { siret: '51234567900017', name: 'Solis Logiciels', acronym: null, kind: 'editor', roles: [] },
} as const satisfies Record<string, OrganisationInput>;

/** Inserts the demo organisations that are missing (idempotent). */
export async function seedDemoOrganisations(pool: pg.Pool): Promise<number> {
  let created = 0;
  for (const o of Object.values(DEMO_ORGANISATIONS)) {
    try {
      await getOrganisation(pool, o.siret);
    } catch (err) {
      if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
      await createOrganisation(pool, { ...o, roles: [...o.roles] });
      created++;
    }
  }
  return created;
}
