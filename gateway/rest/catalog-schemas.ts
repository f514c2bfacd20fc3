/** OpenAPI documentation of the catalogue's wire types (referenced by the catalogue routes). */
const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };

export const API_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    slug: str,
    producerSiret: str,
    title: str,
    description: str,
    version: nstr,
    lifecycle: { enum: ['draft', 'published', 'deprecated', 'retired'] },
    sunsetDate: { type: ['string', 'null'], format: 'date' },
    deprecationNotice: nstr,
    access: { enum: ['open', 'restricted'] },
    sensitivity: { enum: ['standard', 'sensitive', 'highly_sensitive'] },
    subjectKind: { enum: ['person', 'company', 'none'] },
    consentPolicy: { enum: ['none', 'legal_basis', 'consent_required'] },
    proactive: { type: 'boolean' },
    retention: {
      type: ['object', 'null'],
      description: 'Conservation des traces dans le journal, en jours (null : valeur par défaut de la plateforme)',
      properties: { minDays: { type: 'integer' }, maxDays: { type: 'integer' } },
    },
    rateLimitPerMinute: { type: 'integer' },
    contact: { type: ['object', 'null'] },
    documentationUrl: nstr,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const ENDPOINT_SCHEMA = {
  type: 'object',
  properties: {
    id: str,
    operationId: str,
    method: str,
    pathTemplate: str,
    summary: str,
    description: str,
    tags: { type: 'array', items: str },
    deprecated: { type: 'boolean' },
    parameters: { type: 'array', items: { type: 'object' } },
    requestBodySchema: {},
    responseSchema: {},
    security: { type: 'array' },
    fields: { type: 'array', items: str, description: 'Pointeurs JSON des champs de la réponse (`*` : tout élément de tableau).' },
  },
};

export const SCOPE_SCHEMA = { type: 'object', properties: { name: str, label: str, pointers: { type: 'array', items: str } } };

export const DATA_ELEMENT_SCHEMA = {
  type: 'object',
  properties: {
    id: str,
    label: str,
    definition: str,
    format: { type: 'object' },
    subjectKind: str,
    sensitivity: str,
    legalSource: { type: 'object', properties: { label: str, url: nstr } },
    updateFrequency: str,
    carriers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { apiSlug: str, apiTitle: str, producerSiret: str, pointer: str, operationIds: { type: 'array', items: str } },
      },
    },
  },
};

export const VERSION_SCHEMA = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    version: str,
    openapiVersion: str,
    sourceSha256: str,
    importedAt: { type: 'string', format: 'date-time' },
    importedBy: nstr,
    diff: {
      type: ['object', 'null'],
      properties: { endpointsAdded: { type: 'array' }, endpointsRemoved: { type: 'array' }, endpointsChanged: { type: 'array' } },
    },
    warnings: { type: 'array', items: { type: 'object', properties: { pointer: str, detail: str } } },
  },
};

export const SEARCH_HIT_SCHEMA = {
  type: 'object',
  properties: {
    kind: { enum: ['api', 'endpoint', 'data_element'] },
    id: str,
    title: str,
    excerpt: str,
    apiSlug: nstr,
    producerSiret: nstr,
    rank: { type: 'number' },
  },
};

export const SLUG_PARAM = {
  name: 'slug',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 },
  description: 'Identifiant court de l’API',
};
