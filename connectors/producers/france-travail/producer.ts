import { defineProducer } from '../define.js';
import { startFranceTravailBackend } from './backend.js';

/** Employment registration (France Travail): a legacy PostgreSQL referential. */
export const franceTravail = defineProducer(
  import.meta.url,
  {
    key: 'france-travail',
    apiSlug: 'france-travail-inscription',
    producerSiret: '13000400500018',
    catalog: {
      title: 'Inscription comme demandeur d’emploi (France Travail)',
      description: 'Situation d’inscription sur la liste des demandeurs d’emploi : date, catégorie, cessation éventuelle.',
      version: '1.0.0',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: 'consent_required',
      rateLimitPerMinute: 300,
      scopes: [
        {
          name: 'inscription',
          label: 'Inscription et dates',
          pointers: ['/identifiant', '/inscrit', '/date_inscription', '/date_cessation'],
        },
        { name: 'categorie', label: 'Catégorie d’inscription', pointers: ['/categorie_inscription'] },
      ],
      fields: {
        '/identifiant': 'identifiant_france_travail',
        '/inscrit': 'inscrit_demandeur_emploi',
        '/date_inscription': 'date_inscription_demandeur_emploi',
        '/date_cessation': 'date_cessation_inscription',
        '/categorie_inscription/code': 'categorie_inscription',
        '/categorie_inscription/libelle': 'categorie_inscription_libelle',
      },
    },
  },
  startFranceTravailBackend,
);
