import { defineProducer } from '../define.js';
import { startCnafBackend } from './backend.js';

/** Family benefits (CNAF): a REST producer with OAuth2 client credentials. */
export const cnaf = defineProducer(
  import.meta.url,
  {
    key: 'cnaf',
    apiSlug: 'cnaf-quotient-familial',
    producerSiret: '18000100000017',
    catalog: {
      title: 'Quotient familial et composition du foyer (CNAF)',
      description:
        'Quotient familial du mois de référence et composition du foyer allocataire, pour la tarification sociale des services publics.',
      version: '1.0.0',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: 'legal_basis',
      proactive: true,
      rateLimitPerMinute: 600,
      scopes: [
        { name: 'quotient_familial', label: 'Quotient familial', pointers: ['/numero_allocataire', '/quotient_familial'] },
        { name: 'composition_foyer', label: 'Composition du foyer (allocataires et enfants)', pointers: ['/allocataires', '/enfants'] },
      ],
      fields: {
        '/numero_allocataire': 'numero_allocataire',
        '/quotient_familial/valeur': 'quotient_familial',
        '/quotient_familial/annee': 'quotient_familial_annee',
        '/quotient_familial/mois': 'quotient_familial_mois',
        '/quotient_familial/fournisseur': 'regime_prestations_familiales',
        '/allocataires': 'composition_foyer_allocataires',
        '/enfants': 'composition_foyer_enfants',
      },
    },
  },
  startCnafBackend,
);
