/** JSON Schemas of the audit console's answers, for /openapi.json. */
const S = { type: 'string' };
const NS = { type: ['string', 'null'] };
const NI = { type: ['integer', 'null'] };
const STRINGS = { type: 'array', items: S };

export const USAGE_SCHEMA = {
  type: 'object',
  required: ['since', 'calls', 'served', 'distinctSubjects', 'lastCall'],
  properties: { since: S, calls: { type: 'integer' }, served: { type: 'integer' }, distinctSubjects: { type: 'integer' }, lastCall: NS },
};

export const CONTRACT_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: S,
    consumerSiret: S,
    producerSiret: S,
    apiSlug: S,
    apiTitle: NS,
    sensitivity: NS,
    currentVersion: NI,
    purpose: NS,
    validFrom: NS,
    validUntil: NS,
    scopesGranted: STRINGS,
    usage: USAGE_SCHEMA,
  },
};

export const CONTRACT_PAGE_SCHEMA = {
  type: 'object',
  properties: { items: { type: 'array', items: CONTRACT_ITEM_SCHEMA }, nextCursor: NS },
};

export const CASE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: S,
    source: { enum: ['rule', 'citizen'] },
    status: { enum: ['open', 'investigating', 'closed'] },
    contractId: NS,
    consumerSiret: NS,
    producerSiret: NS,
    apiSlug: NS,
    summary: S,
    evidence: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'Identifiants d’événements du journal' },
    conclusion: NS,
    openedAt: S,
    updatedAt: S,
    closedAt: NS,
    history: { type: 'array', items: { type: 'object' } },
    notifications: { type: 'array', items: { type: 'object' } },
    reports: {
      type: 'array',
      description:
        'Les signalements des personnes que ce cas instruit (lecture d’un cas seulement) : message déchiffré pour le contrôleur, son empreinte inscrite au journal, la réponse donnée',
      items: {
        type: 'object',
        properties: {
          reportId: { type: 'string', format: 'uuid' },
          eventId: { type: 'string', format: 'uuid', description: 'L’échange signalé' },
          message: S,
          messageSha256: S,
          createdAt: S,
          reply: { type: ['object', 'null'], properties: { text: S, at: S, author: { type: 'object' } } },
        },
      },
    },
  },
};

export const CASE_PAGE_SCHEMA = { type: 'object', properties: { items: { type: 'array', items: CASE_SCHEMA }, nextCursor: NS } };

const PERSON = { type: ['object', 'null'], properties: { name: NS, email: NS, jobTitle: NS } };
export const REGISTER_SCHEMA = {
  type: 'object',
  properties: {
    generatedAt: S,
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          contractId: S,
          status: S,
          version: { type: 'integer' },
          api: { type: 'object' },
          producer: { type: 'object' },
          consumer: { type: 'object' },
          purpose: NS,
          legalBasis: { type: ['object', 'null'] },
          dataElements: { type: 'array', items: { type: 'object' } },
          scopes: STRINGS,
          recipients: STRINGS,
          retentionMonths: NI,
          controller: PERSON,
          dpo: PERSON,
          validFrom: NS,
          validUntil: NS,
          decidedAt: NS,
          requestedAt: S,
        },
      },
    },
  },
  description:
    'JSON ; en CSV (format=csv) : une ligne par contrat, colonnes contrat, finalite, base_legale, donnees, destinataires, conservation_mois, responsable_traitement, dpd, dates.',
};

export const VERIFY_SCHEMA = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    events: { type: 'integer' },
    checkpoints: { type: 'integer' },
    breakCount: { type: 'integer' },
    breaks: { type: 'array', items: { type: 'object' } },
    chains: { type: 'array', items: { type: 'object' } },
    from: NS,
    to: NS,
  },
};

export const ACTIONS_SCHEMA = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: S,
          occurredAt: S,
          label: NS,
          action: NS,
          target: NS,
          contractId: NS,
          query: { type: ['object', 'null'] },
          result: { type: ['object', 'null'] },
        },
      },
    },
    nextCursor: NS,
  },
};

export const LAG_SCHEMA = {
  type: 'object',
  properties: {
    behindEvents: { type: 'integer' },
    behindMs: { type: 'number' },
    chains: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          chainId: S,
          headSeq: { type: 'integer' },
          position: { type: 'integer' },
          behindEvents: { type: 'integer' },
          behindMs: { type: 'number' },
        },
      },
    },
  },
};
