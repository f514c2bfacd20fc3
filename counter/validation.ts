/** JSON Schemas of what agents post to the counter (`additionalProperties: false`, French messages). */
import { compileValidator } from '../schemas/index.js';
import type { NeedAnswerInput, NeedInput, UseCaseInput } from './types.js';

const SIRET = { type: 'string', pattern: '^[0-9]{14}$' };
const text = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max });
const URL = { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2000 };
const DATE = { type: 'string', format: 'date' };
const list = (min: number, max: number, item: object) => ({ type: 'array', minItems: min, maxItems: max, uniqueItems: true, items: item });

export const USE_CASE_SCHEMA = {
  type: 'object',
  required: ['organisationSiret', 'slug', 'title', 'summary', 'administrations', 'legalBasis', 'documentsBefore', 'apiSlugs'],
  additionalProperties: false,
  properties: {
    organisationSiret: SIRET,
    slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 },
    title: text(3, 200),
    summary: text(3, 4000),
    administrations: list(1, 20, text(2, 200)),
    legalBasis: text(3, 500),
    legalBasisUrl: URL,
    documentsBefore: list(1, 30, text(2, 300)),
    documentsAfter: list(0, 30, text(2, 300)),
    apiSlugs: list(1, 20, { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 }),
    dataElements: list(0, 100, { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  },
};

export const NEED_SCHEMA = {
  type: 'object',
  required: ['organisationSiret', 'title', 'purpose', 'legalBasis', 'expectedVolume'],
  additionalProperties: false,
  properties: {
    organisationSiret: SIRET,
    title: text(3, 200),
    purpose: text(3, 2000),
    legalBasis: text(3, 500),
    legalBasisUrl: URL,
    expectedVolume: text(1, 200),
    deadline: DATE,
    notifyEmail: { type: 'string', format: 'email', maxLength: 320 },
  },
};

export const ANSWER_SCHEMA = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    organisationSiret: SIRET,
    kind: { enum: ['available', 'planned', 'not_possible'] },
    apiSlug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 },
    plannedFor: DATE,
    reason: text(3, 2000),
  },
};

export const SUPPORT_SCHEMA = {
  type: 'object',
  required: ['organisationSiret'],
  additionalProperties: false,
  properties: { organisationSiret: SIRET },
};

export const MODERATION_SCHEMA = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: { decision: { enum: ['publish', 'reject'] }, note: text(1, 2000) },
};

export const validateUseCase = compileValidator<UseCaseInput>(USE_CASE_SCHEMA);
export const validateNeed = compileValidator<NeedInput>(NEED_SCHEMA);
export const validateAnswer = compileValidator<NeedAnswerInput>(ANSWER_SCHEMA);
export const validateSupport = compileValidator<{ organisationSiret: string }>(SUPPORT_SCHEMA);
export const validateModeration = compileValidator<{ decision: 'publish' | 'reject'; note?: string }>(MODERATION_SCHEMA);
