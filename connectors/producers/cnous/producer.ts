import { defineProducer } from '../define.js';
import { startCnousBackend } from './backend.js';

/** Student grants (CNOUS): a WSDL-described SOAP service. */
export const cnous = defineProducer(
  import.meta.url,
  {
    key: 'cnous',
    apiSlug: 'cnous-statut-etudiant-boursier',
    producerSiret: '18000300600012',
    catalog: {
      title: 'Statut étudiant boursier (CNOUS)',
      description: 'Statut de boursier sur critères sociaux et échelon de bourse de l’année universitaire en cours.',
      version: '1.0.0',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: 'legal_basis',
      rateLimitPerMinute: 300,
      scopes: [
        {
          name: 'statut_boursier',
          label: 'Statut boursier et échelon',
          pointers: ['/est_boursier', '/echelon', '/annee_universitaire', '/statut_validation'],
        },
        { name: 'etablissement', label: 'Établissement d’inscription', pointers: ['/etablissement'] },
      ],
      fields: {
        '/est_boursier': 'statut_boursier',
        '/echelon': 'echelon_bourse',
        '/annee_universitaire': 'annee_universitaire',
        '/statut_validation': 'statut_validation_bourse',
        '/etablissement/nom': 'etablissement_enseignement_superieur',
        '/etablissement/ville': 'ville_etudes',
      },
    },
  },
  startCnousBackend,
);
