/**
 * `/v1/counter/...`: the « Dites-le-nous une fois » counter's JSON surface (docs/architecture.md,
 * "Counter"). Reads are public and show published content only (plus, to an agent, their own
 * organisations' submissions; to the operator, everything); writes name their organisation in
 * the body and the domain checks the caller acts for it.
 */
import type { Request } from 'express';
import type { RouteSpec } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { problemResponse } from '../http/route.js';
import { queryParam } from '../http/query.js';
import { ProblemError } from '../../schemas/index.js';
import {
  answerNeed,
  createNeed,
  createUseCase,
  getNeed,
  getUseCase,
  listNeeds,
  listNeedsToModerate,
  listUseCases,
  listUseCasesToModerate,
  moderateNeed,
  moderateUseCase,
  supportNeed,
  ANSWER_SCHEMA,
  MODERATION_SCHEMA,
  NEED_SCHEMA,
  SUPPORT_SCHEMA,
  USE_CASE_SCHEMA,
  PRODUCER_ROLES,
  type CounterActor,
} from '../../counter/index.js';
import type { OrgRole } from '../http/principal.js';
import type { Services } from '../compose.js';

const TAGS = ['guichet'];
const SECURITY = ['bearer', 'session'];
const PRODUCERS = { agent: PRODUCER_ROLES as OrgRole[], scope: 'body-organisation', platform: ['admin'] } satisfies RouteAccess;
const ANY_AGENT = { agent: 'any', scope: 'body-organisation' } satisfies RouteAccess;
const OPERATOR = { platform: ['admin'] } satisfies RouteAccess;

const USE_CASE = {
  type: 'object',
  description: 'Un cas d’usage : une démarche simplifiée, les API et données qu’elle obtient, les pièces qui ne sont plus demandées.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    administrations: { type: 'array', items: { type: 'string' } },
    legalBasis: { type: 'string' },
    legalBasisUrl: { type: ['string', 'null'] },
    documentsBefore: { type: 'array', items: { type: 'string' } },
    documentsAfter: { type: 'array', items: { type: 'string' } },
    apiSlugs: { type: 'array', items: { type: 'string' } },
    dataElements: { type: 'array', items: { type: 'string' } },
    authorSiret: { type: 'string' },
    status: { enum: ['submitted', 'published', 'rejected'] },
    moderationNote: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const NEED = {
  type: 'object',
  description: 'Un besoin de données déclaré par une administration, ses soutiens et la réponse d’un producteur.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    purpose: { type: 'string' },
    legalBasis: { type: 'string' },
    legalBasisUrl: { type: ['string', 'null'] },
    expectedVolume: { type: 'string' },
    deadline: { type: ['string', 'null'], format: 'date' },
    requesterSiret: { type: 'string' },
    status: { enum: ['submitted', 'published', 'rejected'] },
    moderationNote: { type: ['string', 'null'] },
    answer: {
      type: ['object', 'null'],
      properties: {
        kind: { enum: ['available', 'planned', 'not_possible'] },
        apiSlug: { type: ['string', 'null'] },
        plannedFor: { type: ['string', 'null'], format: 'date' },
        reason: { type: ['string', 'null'] },
        bySiret: { type: ['string', 'null'] },
        at: { type: 'string', format: 'date-time' },
      },
    },
    supporters: { type: 'array', items: { type: 'string' } },
    requestContractId: { type: ['string', 'null'], format: 'uuid' },
    createdAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const ID = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } };
const ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('N’agit pas pour l’organisation indiquée'),
  '422': problemResponse('Données non conformes'),
};

/** The caller, if any (public reads show them their own organisations' submissions). */
function viewer(req: Request): CounterActor | null {
  return req.principal ?? null;
}

export function counterRoutes(services: Pick<Services, 'counter'>): RouteSpec[] {
  const { ctx } = services.counter;
  return [
    {
      method: 'get',
      path: '/v1/counter/use-cases',
      operationId: 'listUseCases',
      tags: TAGS,
      security: [],
      access: 'public',
      summary: 'Cas d’usage publiés (recherche en français avec q)',
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Recherche plein texte (catalogue)' },
      ],
      responses: {
        '200': {
          description: 'Cas d’usage publiés',
          schema: { type: 'object', properties: { items: { type: 'array', items: USE_CASE } } },
        },
        '400': problemResponse('Recherche invalide'),
      },
      handler: async (req, res) => {
        const q = queryParam(req, 'q');
        if (q !== undefined && q.length > 200)
          throw new ProblemError('client.invalid_parameter', { detail: 'q : 200 caractères au plus.' });
        res.json({ items: await listUseCases(ctx, { q }) });
      },
    },
    {
      method: 'get',
      path: '/v1/counter/use-cases/{slug}',
      operationId: 'getUseCase',
      tags: TAGS,
      security: [],
      access: 'public',
      summary: 'Un cas d’usage publié',
      parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'Le cas d’usage', schema: USE_CASE }, '404': problemResponse('Aucun cas d’usage publié') },
      handler: async (req, res) => {
        res.json(await getUseCase(ctx, viewer(req), String(req.params.slug)));
      },
    },
    {
      method: 'post',
      path: '/v1/counter/use-cases',
      operationId: 'createUseCase',
      tags: TAGS,
      security: SECURITY,
      access: PRODUCERS,
      summary: 'Proposer un cas d’usage (producteur ou opérateur ; publié après relecture)',
      requestBody: { schema: USE_CASE_SCHEMA, required: true },
      responses: {
        '201': { description: 'Enregistré, en attente de relecture', schema: USE_CASE },
        '409': problemResponse('Identifiant déjà pris'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        const u = await createUseCase(ctx, req.principal!, req.body);
        res.status(201).location(`/v1/counter/use-cases/${u.slug}`).json(u);
      },
    },
    {
      method: 'post',
      path: '/v1/counter/use-cases/{id}/moderation',
      operationId: 'moderateUseCase',
      tags: TAGS,
      security: SECURITY,
      access: OPERATOR,
      summary: 'Publier ou refuser un cas d’usage (opérateur)',
      parameters: [ID],
      requestBody: { schema: MODERATION_SCHEMA, required: true },
      responses: {
        '200': { description: 'Modéré', schema: USE_CASE },
        '404': problemResponse('Inconnu'),
        '409': problemResponse('Déjà modéré'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json(await moderateUseCase(ctx, req.principal!, String(req.params.id), req.body));
      },
    },
    {
      method: 'get',
      path: '/v1/counter/moderation',
      operationId: 'listCounterModeration',
      tags: TAGS,
      security: SECURITY,
      access: OPERATOR,
      summary: 'Cas d’usage et besoins en attente de relecture (opérateur)',
      responses: {
        '200': {
          description: 'À relire',
          schema: { type: 'object', properties: { useCases: { type: 'array', items: USE_CASE }, needs: { type: 'array', items: NEED } } },
        },
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json({ useCases: await listUseCasesToModerate(ctx, req.principal!), needs: await listNeedsToModerate(ctx, req.principal!) });
      },
    },
    {
      method: 'get',
      path: '/v1/counter/needs',
      operationId: 'listNeeds',
      tags: TAGS,
      security: [],
      access: 'public',
      summary: 'Besoins de données publiés, leur état et leurs réponses',
      responses: { '200': { description: 'Besoins', schema: { type: 'object', properties: { items: { type: 'array', items: NEED } } } } },
      handler: async (req, res) => {
        res.json({ items: await listNeeds(ctx, viewer(req)) });
      },
    },
    {
      method: 'get',
      path: '/v1/counter/needs/{id}',
      operationId: 'getNeed',
      tags: TAGS,
      security: [],
      access: 'public',
      summary: 'Un besoin de données publié',
      parameters: [ID],
      responses: { '200': { description: 'Le besoin', schema: NEED }, '404': problemResponse('Aucun besoin publié') },
      handler: async (req, res) => {
        res.json(await getNeed(ctx, viewer(req), String(req.params.id)));
      },
    },
    {
      method: 'post',
      path: '/v1/counter/needs',
      operationId: 'createNeed',
      tags: TAGS,
      security: SECURITY,
      access: ANY_AGENT,
      summary: 'Déclarer un besoin de données (publié après relecture)',
      requestBody: { schema: NEED_SCHEMA, required: true },
      responses: { '201': { description: 'Enregistré, en attente de relecture', schema: NEED }, ...ERRORS },
      handler: async (req, res) => {
        const n = await createNeed(ctx, req.principal!, req.body);
        res.status(201).location(`/v1/counter/needs/${n.id}`).json(n);
      },
    },
    {
      method: 'post',
      path: '/v1/counter/needs/{id}/moderation',
      operationId: 'moderateNeed',
      tags: TAGS,
      security: SECURITY,
      access: OPERATOR,
      summary: 'Publier ou refuser un besoin (opérateur)',
      parameters: [ID],
      requestBody: { schema: MODERATION_SCHEMA, required: true },
      responses: {
        '200': { description: 'Modéré', schema: NEED },
        '404': problemResponse('Inconnu'),
        '409': problemResponse('Déjà modéré'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json(await moderateNeed(ctx, req.principal!, String(req.params.id), req.body));
      },
    },
    {
      method: 'post',
      path: '/v1/counter/needs/{id}/support',
      operationId: 'supportNeed',
      tags: TAGS,
      security: SECURITY,
      access: ANY_AGENT,
      summary: 'Soutenir un besoin publié au nom de son organisation',
      parameters: [ID],
      requestBody: { schema: SUPPORT_SCHEMA, required: true },
      responses: {
        '200': { description: 'Soutien enregistré', schema: NEED },
        '404': problemResponse('Aucun besoin publié'),
        '409': problemResponse('Besoin de sa propre organisation'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json(await supportNeed(ctx, req.principal!, String(req.params.id), req.body));
      },
    },
    {
      method: 'post',
      path: '/v1/counter/needs/{id}/answer',
      operationId: 'answerNeed',
      tags: TAGS,
      security: SECURITY,
      access: PRODUCERS,
      summary: 'Répondre à un besoin (producteur ou opérateur) : disponible, prévu ou pas possible',
      parameters: [ID],
      requestBody: { schema: ANSWER_SCHEMA, required: true },
      responses: { '200': { description: 'Réponse publiée', schema: NEED }, '404': problemResponse('Aucun besoin publié'), ...ERRORS },
      handler: async (req, res) => {
        res.json(await answerNeed(ctx, req.principal!, String(req.params.id), req.body));
      },
    },
    {
      method: 'post',
      path: '/v1/counter/needs/{id}/access-request',
      operationId: 'requestAccessFromNeed',
      tags: TAGS,
      security: SECURITY,
      access: { agent: ['applicant'], scope: 'resource-party' },
      summary: 'Préparer la demande d’habilitation qu’une réponse « disponible » permet (une par besoin)',
      parameters: [ID],
      responses: {
        '201': {
          description: 'Brouillon de demande créé',
          schema: { type: 'object', properties: { contractId: { type: 'string', format: 'uuid' } } },
        },
        '200': {
          description: 'Le brouillon existait déjà',
          schema: { type: 'object', properties: { contractId: { type: 'string', format: 'uuid' } } },
        },
        '404': problemResponse('Besoin inconnu de votre organisation'),
        '409': problemResponse('Aucune API disponible pour ce besoin'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        const r = await services.counter.requestAccessFromNeed(req.principal!, String(req.params.id));
        res
          .status(r.created ? 201 : 200)
          .location(`/v1/contracts/${r.contractId}`)
          .json({ contractId: r.contractId });
      },
    },
  ];
}
