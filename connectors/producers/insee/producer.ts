import { defineProducer } from '../define.js';
import { startInseeBackend } from './backend.js';

/** Company register (INSEE): unités légales by SIREN, a legacy PostgreSQL referential. */
export const insee = defineProducer(
  import.meta.url,
  {
    key: 'insee',
    apiSlug: 'insee-unites-legales',
    producerSiret: '12000500400011',
    catalog: {
      title: 'Unités légales du répertoire des entreprises (INSEE)',
      description: 'Dénomination, catégorie juridique, activité principale, état administratif et siège d’une unité légale par son SIREN.',
      version: '1.0.0',
      access: 'restricted',
      sensitivity: 'standard',
      subjectKind: 'company',
      consentPolicy: 'none',
      rateLimitPerMinute: 1200,
      scopes: [
        {
          name: 'identite',
          label: 'Identité de l’unité légale',
          pointers: ['/siren', '/denomination', '/categorie_juridique', '/date_creation', '/etat_administratif'],
        },
        { name: 'activite', label: 'Activité et effectifs', pointers: ['/activite_principale', '/tranche_effectifs'] },
        { name: 'siege', label: 'Siège', pointers: ['/siege'] },
      ],
      fields: {
        '/siren': 'siren',
        '/denomination': 'denomination',
        '/categorie_juridique/code': 'categorie_juridique',
        '/categorie_juridique/libelle': 'categorie_juridique_libelle',
        '/activite_principale/code': 'activite_principale',
        '/activite_principale/libelle': 'activite_principale_libelle',
        '/date_creation': 'date_creation_entreprise',
        '/etat_administratif': 'etat_administratif',
        '/tranche_effectifs': 'tranche_effectifs',
        '/siege/siret': 'siret_siege',
        '/siege/code_commune': 'code_commune_siege',
      },
    },
  },
  startInseeBackend,
);
