import { defineProducer } from '../define.js';
import { startDinumBackend } from './backend.js';

/** Communes referential (DINUM): open data from @etalab/decoupage-administratif over REST. */
export const dinum = defineProducer(
  import.meta.url,
  {
    key: 'dinum',
    apiSlug: 'dinum-communes',
    producerSiret: '13000600000017',
    catalog: {
      title: 'Référentiel des communes (DINUM)',
      description: 'Communes françaises du code officiel géographique : nom, département, région, codes postaux, population.',
      version: '1.0.0',
      access: 'open',
      sensitivity: 'standard',
      subjectKind: 'none',
      consentPolicy: 'none',
      rateLimitPerMinute: 6000,
      scopes: [
        {
          name: 'commune',
          label: 'Commune',
          pointers: ['/code', '/nom', '/code_departement', '/code_region', '/codes_postaux', '/population'],
        },
      ],
      fields: {
        '/code': 'code_commune',
        '/nom': 'nom_commune',
        '/code_departement': 'code_departement',
        '/code_region': 'code_region',
        '/codes_postaux': 'codes_postaux',
        '/population': 'population_commune',
      },
    },
  },
  startDinumBackend,
);
