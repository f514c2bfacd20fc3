import type pg from 'pg';
import { createApi, importOpenApi, setScopes, updateApi } from '../../catalog/index.js';
import { seedDemoOrganisations, DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import type { Principal } from '../../gateway/http/principal.js';
import type { HabilitationForm } from '../../contracts/index.js';

export const CNAF = DEMO_ORGANISATIONS.cnaf.siret;
export const DGFIP = DEMO_ORGANISATIONS.dgfip.siret;
export const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
export const GIRONDE = DEMO_ORGANISATIONS.departementGironde.siret;

/** A small producer API: one endpoint, three scopes. */
function openapi(title: string): object {
  return {
    openapi: '3.1.0',
    info: { title, version: '1.0.0' },
    paths: {
      '/quotient-familial': {
        get: {
          operationId: 'getQuotientFamilial',
          parameters: [{ name: 'nomNaissance', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      quotient_familial: { type: 'object', properties: { valeur: { type: 'integer' }, annee: { type: 'integer' } } },
                      allocataires: { type: 'array', items: { type: 'object', properties: { nom: { type: 'string' } } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** Declares an API in the catalogue (real catalogue functions), with scopes `qf_valeur`, `qf_annee`, `allocataires`. */
export async function seedApi(
  pool: pg.Pool,
  o: { slug: string; producerSiret: string; sensitivity?: 'standard' | 'sensitive' | 'highly_sensitive' },
): Promise<void> {
  await createApi(pool, {
    slug: o.slug,
    producerSiret: o.producerSiret,
    title: `API ${o.slug}`,
    access: 'restricted',
    sensitivity: o.sensitivity ?? 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
    rateLimitPerMinute: 600,
  });
  await importOpenApi(pool, o.slug, openapi(`API ${o.slug}`));
  await setScopes(pool, o.slug, {
    scopes: [
      { name: 'qf_valeur', label: 'Valeur du quotient familial', pointers: ['/quotient_familial/valeur'] },
      { name: 'qf_annee', label: 'Année du quotient familial', pointers: ['/quotient_familial/annee'] },
      { name: 'allocataires', label: 'Allocataires', pointers: ['/allocataires/*/nom'] },
    ],
  });
  void updateApi;
}

export async function seedWorld(pool: pg.Pool): Promise<void> {
  await seedDemoOrganisations(pool);
  await seedApi(pool, { slug: 'cnaf-qf', producerSiret: CNAF });
  await seedApi(pool, { slug: 'cnaf-qf-sensible', producerSiret: CNAF, sensitivity: 'highly_sensitive' });
}

type P = Omit<Principal, 'via'>;
const agent = (sub: string, name: string, memberships: Principal['memberships'], platformRoles: Principal['platformRoles'] = []): P => ({
  kind: 'agent',
  sub,
  name,
  memberships,
  platformRoles,
});

/** The cast: who may do what (X-Test-Principal: <key>). */
export const CAST = {
  alice: agent('alice', 'Alice Demandeuse', [{ siret: LYON, roles: ['applicant'] }]),
  ivan: agent('ivan', 'Ivan Instructeur', [{ siret: CNAF, roles: ['instructor'] }]),
  dora: agent('dora', 'Dora DPO', [{ siret: CNAF, roles: ['dpo'] }]),
  doraAndIvan: agent('ivan2', 'Ivan DPO aussi', [{ siret: CNAF, roles: ['instructor', 'dpo'] }]),
  oscar: agent('oscar', 'Oscar (DGFiP)', [{ siret: DGFIP, roles: ['instructor', 'dpo'] }]),
  /** Instructor at the CNAF and applicant at Lyon: may not instruct Lyon's requests. */
  janus: agent('janus', 'Janus Double', [
    { siret: CNAF, roles: ['instructor'] },
    { siret: LYON, roles: ['applicant'] },
  ]),
  gina: agent('gina', 'Gina (Gironde)', [{ siret: GIRONDE, roles: ['applicant'] }]),
  audrey: agent('audrey', 'Audrey Auditrice', [], ['auditor']),
  /** Organisation admins of producers (introspection clients). */
  pat: agent('pat', 'Pat (admin CNAF)', [{ siret: CNAF, roles: ['admin'] }]),
  dgfipAdmin: agent('dg', 'Admin DGFiP', [{ siret: DGFIP, roles: ['admin'] }]),
} satisfies Record<string, P>;

export function as(name: keyof typeof CAST): Record<string, string> {
  return { 'X-Test-Principal': name };
}

const contact = (given: string) => ({
  given_name: given,
  family_name: 'Martin',
  email: `${given
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()}@lyon.fr`,
});

/** A complete request (DataPass fields). */
export function fullForm(over: Partial<HabilitationForm> = {}): HabilitationForm {
  return {
    intitule: 'Tarification sociale de la cantine',
    description: 'Calcul du tarif de la restauration scolaire selon le quotient familial.',
    scopes: ['qf_valeur', 'qf_annee'],
    cadre_juridique_nature: 'Code de l’action sociale et des familles, art. L. 123-5',
    cadre_juridique_url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006796434',
    purpose: 'Tarification sociale de la restauration scolaire',
    recipients: [LYON],
    retention_months: 12,
    volume_per_minute: 30,
    production_date: '2027-01-15',
    controller: contact('Claire'),
    dpo: contact('Denis'),
    business_contact: contact('Bruno'),
    technical_contact: contact('Théo'),
    ...over,
  };
}
