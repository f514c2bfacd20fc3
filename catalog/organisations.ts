import type pg from 'pg';
import { ProblemError, compileValidator, isValidSiret } from '../schemas/index.js';
import * as store from './store/organisations.js';

export type OrganisationKind =
  'administration_centrale' | 'service_deconcentre' | 'operateur' | 'organisme_social' | 'collectivite' | 'autre' | 'editor';
export type OrganisationRole = 'producer' | 'consumer';

/** An administration as exposed on the wire. */
export interface Organisation {
  siret: string;
  siren: string;
  name: string;
  acronym: string | null;
  kind: OrganisationKind;
  roles: OrganisationRole[];
  createdAt: string;
  updatedAt: string;
}

export interface OrganisationInput {
  siret: string;
  name: string;
  acronym?: string | null;
  kind: OrganisationKind;
  roles: OrganisationRole[];
}

export type OrganisationPatch = Partial<Omit<OrganisationInput, 'siret'>>;

const validateInput = compileValidator<OrganisationInput>('organisation.json');
const validatePatch = compileValidator<OrganisationPatch>('organisation-patch.json');

function toOrganisation(r: store.OrganisationRow): Organisation {
  return {
    siret: r.siret,
    siren: r.siren,
    name: r.name,
    acronym: r.acronym,
    kind: r.kind as OrganisationKind,
    roles: r.roles as OrganisationRole[],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function assertSiret(siret: string): void {
  if (!isValidSiret(siret))
    throw new ProblemError('client.invalid_siret', {
      detail: `« ${siret.slice(0, 20)} » n’est pas un SIRET valide (14 chiffres, clé de Luhn).`,
    });
}

/** Registers an organisation; `client.conflict` when the SIRET is already known. */
export async function createOrganisation(db: pg.Pool, input: unknown): Promise<Organisation> {
  const o = validateInput.assert(input);
  const row = await store.insertOrganisation(db, { ...o, acronym: o.acronym ?? null });
  if (!row) throw new ProblemError('client.conflict', { detail: `L’organisation ${o.siret} existe déjà.` });
  return toOrganisation(row);
}

export async function getOrganisation(db: pg.Pool, siret: string): Promise<Organisation> {
  assertSiret(siret);
  const row = await store.findOrganisationBySiret(db, siret);
  if (!row) throw new ProblemError('client.not_found', { detail: `Aucune organisation ${siret}.` });
  return toOrganisation(row);
}

export async function findOrganisations(db: pg.Pool, sirets: string[]): Promise<Organisation[]> {
  return (await store.findOrganisationsBySirets(db, sirets)).map(toOrganisation);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Lists organisations by SIRET; `cursor` is the opaque `nextCursor` of the previous page. */
export async function listOrganisations(
  db: pg.Pool,
  opts: { cursor?: string | null; limit?: number; role?: OrganisationRole | null } = {},
): Promise<Page<Organisation>> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  let after: string | null = null;
  if (opts.cursor) {
    after = Buffer.from(opts.cursor, 'base64url').toString('utf8');
    if (!/^\d{14}$/.test(after)) throw new ProblemError('client.invalid_parameter', { detail: 'Curseur invalide.' });
  }
  const rows = await store.listOrganisationsAfterSiret(db, after, limit + 1, opts.role ?? null);
  const items = rows.slice(0, limit).map(toOrganisation);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? Buffer.from(last.siret).toString('base64url') : null };
}

export async function updateOrganisation(db: pg.Pool, siret: string, patch: unknown): Promise<Organisation> {
  assertSiret(siret);
  const p = validatePatch.assert(patch);
  const row = await store.updateOrganisationBySiret(db, siret, p);
  if (!row) throw new ProblemError('client.not_found', { detail: `Aucune organisation ${siret}.` });
  return toOrganisation(row);
}

export async function countOrganisations(db: pg.Pool): Promise<number> {
  return store.countOrganisations(db);
}
