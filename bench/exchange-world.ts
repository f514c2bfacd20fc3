/** The fixed world of the exchange benchmark: one producer API, one contract, one person. */
import type { ContractGrant } from '../exchange/ports.js';
import type { InMemoryEndpoint } from '../gateway/exchange-adapters/in-memory.js';

const consumer = '21690123100011';

/** ~1 KiB: granted fields (quotient familial) and non-granted ones (household, address, bank). */
const upstreamBody = {
  quotient_familial: { valeur: 1234, annee: 2026, mois: 10, date_calcul: '2026-10-01' },
  allocataire: { nom_naissance: 'DUPONT', nom_usage: 'MARTIN', prenoms: ['ELODIE', 'MARIE'], date_naissance: '1985-04-12', sexe: 'F', numero_allocataire: '0123456' },
  enfants: [
    { prenoms: ['LUCAS'], date_naissance: '2012-03-01', sexe: 'M' },
    { prenoms: ['JADE', 'EMMA'], date_naissance: '2015-07-21', sexe: 'F' },
    { prenoms: ['NOAH'], date_naissance: '2019-11-30', sexe: 'M' },
  ],
  adresse: { identite: 'Madame Elodie MARTIN', complement: 'Appartement 12, 3e étage', numero_libelle_voie: '12 rue de la République', lieu_dit: '', code_postal_ville: '69001 LYON', pays: 'FRANCE' },
  prestations: [
    { code: 'AF', libelle: 'Allocations familiales', montant: 141.99, date_debut: '2024-01-01' },
    { code: 'ARS', libelle: 'Allocation de rentrée scolaire', montant: 416.4, date_debut: '2026-08-20' },
  ],
  banque: { iban_masque: 'FR76 **** **** **** **** ***1 234', titulaire: 'Madame Elodie MARTIN' },
  regime: 'CNAF', caisse: '691', note: 'x'.repeat(60),
};

const entry: InMemoryEndpoint = {
  api: {
    id: 'bench-api', slug: 'cnaf-quotient-familial', producerSiret: '18000100000017', title: 'Quotient familial', lifecycle: 'published',
    sunsetDate: null, deprecationNotice: null, access: 'restricted', sensitivity: 'sensitive', subjectKind: 'person', consentPolicy: 'legal_basis', rateLimitPerMinute: 0,
  },
  endpoint: {
    id: 'bench-ep', operationId: 'getQuotientFamilial', method: 'GET', pathTemplate: '/v1/quotient-familial', requestBodySchema: null,
    parameters: [{ name: 'annee', in: 'query', required: false, schema: { type: 'integer' } }],
    responseSchema: {
      type: 'object', required: ['quotient_familial', 'allocataire'],
      properties: {
        quotient_familial: { type: 'object', required: ['valeur', 'annee'], properties: { valeur: { type: 'number' }, annee: { type: 'integer' }, mois: { type: 'integer' } } },
        allocataire: { type: 'object', properties: { prenoms: { type: 'array', items: { type: 'string' } } } },
        enfants: { type: 'array', items: { type: 'object' } },
      },
    },
  },
  scopes: [
    { name: 'quotient_familial', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee', '/quotient_familial/mois'] },
    { name: 'enfants', pointers: ['/enfants'] },
  ],
};

const contract: ContractGrant = {
  id: 'bench-contract', version: 1, status: 'active', consumerSiret: consumer, producerSiret: '18000100000017', apiSlug: entry.api.slug,
  endpoints: ['getQuotientFamilial'], scopes: ['quotient_familial'], recipients: [], ipAllowlist: [], rateLimitPerMinute: 100_000_000,
  purpose: 'Benchmark', legalBasis: { nature: 'Benchmark', url: null }, validFrom: '2020-01-01T00:00:00Z', validUntil: null, clientIds: ['bench-client'],
};

const query = new URLSearchParams([
  ['recipient', consumer], ['context', 'Tarification cantine'], ['object', 'Dossier 2026-0042'],
  ['nomNaissance', 'Dupont'], ['prenoms[]', 'Élodie'], ['prenoms[]', 'Marie'], ['anneeDateNaissance', '1985'], ['moisDateNaissance', '4'],
  ['jourDateNaissance', '12'], ['sexeEtatCivil', 'F'], ['codeCogInseePaysNaissance', '99100'], ['codeCogInseeCommuneNaissance', '69381'],
]).toString();

export const BENCH = {
  consumer, upstreamBody, entry, contract, secret: 'bench-subject-secret-0123456789abcdef0123456789',
  path: `/exchange/${entry.api.slug}/v1/quotient-familial?${query}`,
  upstreamPath: `/v1/quotient-familial?${query}`,
};
