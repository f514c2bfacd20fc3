/**
 * The demo world's counter: three use cases linked to the demo APIs (school canteen prices with
 * the family quotient, students' grants, public tenders with company data) and two data needs,
 * one answered. Written and published through the counter's own rules, by the platform
 * operator, in the producers' names. Idempotent (a use case is known by its slug, a need by its
 * title).
 */
import type pg from 'pg';
import {
  answerNeed,
  createNeed,
  createUseCase,
  getUseCase,
  listNeeds,
  moderateNeed,
  moderateUseCase,
  type CounterActor,
  type CounterContext,
  type CounterLedger,
  type UseCaseInput,
} from '../../counter/index.js';
import { ProblemError, systemClock } from '../../schemas/index.js';
import { DEMO_ORGANISATIONS } from './organisations.js';

const O = DEMO_ORGANISATIONS;
const CRPA = 'Code des relations entre le public et l’administration, articles L. 113-12 et L. 114-8';

export const DEMO_USE_CASES: UseCaseInput[] = [
  {
    organisationSiret: O.cnaf.siret,
    slug: 'tarif-cantine-quotient-familial',
    title: 'Tarif de la cantine scolaire selon le quotient familial',
    summary:
      'La commune calcule le tarif de la cantine à partir du quotient familial que la caisse d’allocations familiales lui transmet : les familles n’ont plus à apporter leur attestation chaque année.',
    administrations: ['Ville de Lyon — Centre communal d’action sociale', 'Caisse nationale des allocations familiales'],
    legalBasis: `${CRPA} ; délibération du conseil municipal fixant la tarification sociale`,
    documentsBefore: ['Attestation de quotient familial de la CAF', 'Dernier avis d’imposition'],
    documentsAfter: [],
    apiSlugs: ['cnaf-quotient-familial', 'dgfip-situation-fiscale'],
    dataElements: ['quotient_familial', 'composition_foyer_enfants', 'revenu_fiscal_reference'],
  },
  {
    organisationSiret: O.cnous.siret,
    slug: 'bourse-etudiant-crous',
    title: 'Logement et restauration au tarif boursier au Crous',
    summary:
      'Le Crous vérifie directement auprès du CNOUS qu’un étudiant est boursier et à quel échelon : plus besoin de téléverser la notification de bourse pour obtenir un logement ou le repas à tarif réduit.',
    administrations: ['Crous de Paris', 'Centre national des œuvres universitaires et scolaires'],
    legalBasis: `${CRPA} ; code de l’éducation, article L. 821-1`,
    documentsBefore: ['Notification de bourse sur critères sociaux', 'Certificat de scolarité'],
    documentsAfter: ['Certificat de scolarité'],
    apiSlugs: ['cnous-statut-etudiant-boursier'],
    dataElements: ['statut_boursier', 'echelon_bourse', 'annee_universitaire', 'etablissement_enseignement_superieur'],
  },
  {
    organisationSiret: O.insee.siret,
    slug: 'marche-public-donnees-entreprise',
    title: 'Candidater à un marché public sans fournir d’extrait Kbis',
    summary:
      'L’acheteur public obtient l’identité, la forme juridique et l’état de l’entreprise candidate auprès du répertoire Sirene (données d’API Entreprise) : l’entreprise ne joint plus ces pièces à sa candidature.',
    administrations: ['Département de la Gironde (acheteur public)', 'Institut national de la statistique et des études économiques'],
    legalBasis: 'Code de la commande publique, article R. 2143-13 (l’acheteur ne demande pas ce qu’il peut obtenir directement)',
    documentsBefore: ['Extrait Kbis de moins de trois mois', 'Avis de situation au répertoire Sirene'],
    documentsAfter: ['Attestation d’assurance de responsabilité civile professionnelle'],
    apiSlugs: ['insee-unites-legales'],
    dataElements: ['siren', 'denomination', 'categorie_juridique', 'etat_administratif', 'siret_siege'],
  },
];

const DEMO_NEEDS = [
  {
    input: {
      organisationSiret: O.departementGironde.siret,
      title: 'L’inscription comme demandeur d’emploi, pour la tarification solidaire des transports',
      purpose: 'Accorder le tarif solidaire du réseau de transport départemental sans demander d’attestation France Travail.',
      legalBasis: `${CRPA} ; délibération du conseil départemental sur la tarification solidaire`,
      expectedVolume: 'Environ 12 000 demandes par an',
    },
    answer: { organisationSiret: O.franceTravail.siret, kind: 'available' as const, apiSlug: 'france-travail-inscription' },
  },
  {
    input: {
      organisationSiret: O.villeLyon.siret,
      title: 'Le montant de l’allocation de rentrée scolaire versée aux familles',
      purpose: 'Attribuer l’aide municipale aux fournitures scolaires aux familles qui perçoivent l’allocation de rentrée scolaire.',
      legalBasis: `${CRPA} ; délibération du conseil municipal créant l’aide aux fournitures scolaires`,
      expectedVolume: 'Environ 8 000 familles par an',
    },
    answer: null,
  },
];

/** The operator, who moderates and writes the demo content in the producers' names. */
const OPERATOR: CounterActor = { kind: 'agent', sub: 'demo-operateur', memberships: [], platformRoles: ['admin'] };

/**
 * Loads the demo counter. Its events go to `ledger` when given (the process's writer, as for the
 * demo contracts' transitions); `datapedia demo` without a running process records none.
 */
export async function seedDemoCounter(pool: pg.Pool, ledger?: CounterLedger): Promise<{ useCases: number; needs: number }> {
  const ctx: CounterContext = { pool, clock: systemClock, ledger: ledger ?? { append: async () => undefined } };
  let useCases = 0;
  for (const u of DEMO_USE_CASES) {
    const known = await getUseCase(ctx, OPERATOR, u.slug).catch((err: unknown) => {
      if (err instanceof ProblemError && err.code === 'client.not_found') return null;
      throw err;
    });
    if (known) continue;
    const created = await createUseCase(ctx, OPERATOR, u);
    await moderateUseCase(ctx, OPERATOR, created.id, { decision: 'publish' });
    useCases++;
  }
  const titles = new Set((await listNeeds(ctx, OPERATOR)).map((n) => n.title));
  let needs = 0;
  for (const n of DEMO_NEEDS) {
    if (titles.has(n.input.title)) continue;
    // The operator files the demo needs in the administrations' names (as their agents would).
    const requester: CounterActor = {
      kind: 'agent',
      sub: 'demo-agent',
      memberships: [{ siret: n.input.organisationSiret, roles: ['applicant'] }],
      platformRoles: [],
    };
    const need = await createNeed(ctx, requester, n.input);
    await moderateNeed(ctx, OPERATOR, need.id, { decision: 'publish' });
    if (n.answer) await answerNeed(ctx, OPERATOR, need.id, n.answer);
    needs++;
  }
  return { useCases, needs };
}
