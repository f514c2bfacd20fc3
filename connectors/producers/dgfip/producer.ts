import { defineProducer } from '../define.js';
import { startDgfipBackend } from './backend.js';

/** Tax (DGFiP): a nightly fixed-width extract in Latin-1, indexed in memory. */
export const dgfip = defineProducer(
  import.meta.url,
  {
    key: 'dgfip',
    apiSlug: 'dgfip-situation-fiscale',
    producerSiret: '11000200300017',
    catalog: {
      title: 'Situation fiscale : revenu fiscal de référence et nombre de parts (DGFiP)',
      description: 'Revenu fiscal de référence, nombre de parts et situation de famille du dernier avis d’impôt sur le revenu.',
      version: '1.0.0',
      access: 'restricted',
      // Tax data: four-eyes approval (the instructor, then the producer's DPO).
      sensitivity: 'highly_sensitive',
      subjectKind: 'person',
      consentPolicy: 'legal_basis',
      rateLimitPerMinute: 600,
      scopes: [
        {
          name: 'revenu_fiscal_reference',
          label: 'Revenu fiscal de référence',
          pointers: ['/numero_fiscal', '/annee_revenus', '/revenu_fiscal_reference'],
        },
        { name: 'nombre_parts', label: 'Nombre de parts et situation de famille', pointers: ['/nombre_parts', '/situation_familiale'] },
        { name: 'declarant', label: 'Identité du déclarant', pointers: ['/declarant'] },
      ],
      fields: {
        '/numero_fiscal': 'numero_fiscal',
        '/annee_revenus': 'annee_revenus',
        '/revenu_fiscal_reference': 'revenu_fiscal_reference',
        '/nombre_parts': 'nombre_parts',
        '/situation_familiale': 'situation_familiale',
        '/declarant/nom_naissance': 'nom_naissance',
        '/declarant/prenoms': 'prenoms',
        '/declarant/date_naissance': 'date_naissance',
      },
    },
  },
  startDgfipBackend,
);
