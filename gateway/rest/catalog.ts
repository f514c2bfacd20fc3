import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { requireAuth } from '../http/auth.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import { ProblemError, isValidSiret, loadSchema } from '../../schemas/index.js';
import { createApi, listApis, transitionApi } from '../../catalog/index.js';
import { canManageApi, canReadApi, readableApi, requireApiManager } from '../services/catalog-access.js';
import { changeApiSettings } from '../services/api-settings.js';
import { API_SCHEMA, SLUG_PARAM } from './catalog-schemas.js';
import { connectorRoutes } from './catalog-connectors.js';

const WRITE_ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Ni administrateur, ni producteur de l’API'),
  '404': problemResponse('API inconnue'),
};

/** `/v1/catalog/apis`: producer APIs (reads of published APIs are public). */
export function catalogRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/catalog/apis',
      operationId: 'listCatalogApis',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Lister les API du catalogue',
      description: 'Public : API publiées ou dépréciées. Un producteur voit aussi ses brouillons ; un administrateur voit tout.',
      parameters: [
        { name: 'producer', in: 'query', schema: { type: 'string', pattern: '^[0-9]{14}$' }, description: 'SIRET du producteur' },
      ],
      responses: {
        '200': { description: 'Les API', schema: { type: 'object', properties: { items: { type: 'array', items: API_SCHEMA } } } },
        '400': problemResponse('Paramètre invalide'),
      },
      handler: async (req, res) => {
        const producer = queryParam(req, 'producer');
        if (producer !== undefined && !isValidSiret(producer))
          throw new ProblemError('client.invalid_siret', { detail: 'producer doit être un SIRET valide.' });
        const items = (await listApis(deps.pool, { producerSiret: producer ?? null })).filter((a) => canReadApi(req.principal, a));
        res.json({ items });
      },
    },
    {
      method: 'post',
      path: '/v1/catalog/apis',
      operationId: 'createCatalogApi',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'body-organisation', platform: ['admin'] },
      summary: 'Déclarer une API (brouillon)',
      requestBody: { schema: loadSchema('catalog-api.json'), required: true },
      responses: {
        '201': { description: 'Déclarée', schema: API_SCHEMA },
        '409': problemResponse('Slug déjà pris'),
        '422': problemResponse('Données non conformes'),
        ...WRITE_ERRORS,
      },
      before: [requireAuth()],
      handler: async (req, res) => {
        const siret = (req.body as { producerSiret?: unknown } | undefined)?.producerSiret;
        if (typeof siret === 'string' && !canManageApi(req.principal, siret))
          throw new ProblemError('client.forbidden', { detail: 'Seul le producteur (ou un administrateur) déclare ses API.' });
        const api = await createApi(deps.pool, req.body);
        res.status(201).location(`/v1/catalog/apis/${api.slug}`).json(api);
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}',
      operationId: 'getCatalogApi',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Lire une API',
      parameters: [SLUG_PARAM],
      responses: { '200': { description: 'L’API', schema: API_SCHEMA }, '404': problemResponse('Inconnue (ou non publiée)') },
      handler: async (req, res) => {
        res.json(await readableApi(deps, req));
      },
    },
    {
      method: 'patch',
      path: '/v1/catalog/apis/{slug}',
      operationId: 'updateCatalogApi',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Modifier les attributs d’une API',
      parameters: [SLUG_PARAM],
      requestBody: { schema: loadSchema('catalog-api-patch.json'), required: true },
      responses: {
        '200': { description: 'Modifiée', schema: API_SCHEMA },
        '422': problemResponse('Données non conformes'),
        ...WRITE_ERRORS,
      },
      before: [requireApiManager(deps)],
      handler: async (req, res) => {
        res.json(await changeApiSettings(deps, req.principal!, String(req.params.slug), req.body));
      },
    },
    {
      method: 'post',
      path: '/v1/catalog/apis/{slug}/lifecycle',
      operationId: 'transitionCatalogApi',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Publier, déprécier ou retirer une API',
      description: 'draft → published → deprecated (date de fin et avis obligatoires) → retired.',
      parameters: [SLUG_PARAM],
      requestBody: { schema: loadSchema('catalog-lifecycle.json'), required: true },
      responses: {
        '200': { description: 'Nouvel état', schema: API_SCHEMA },
        '409': problemResponse('Transition impossible'),
        '422': problemResponse('Données non conformes'),
        ...WRITE_ERRORS,
      },
      before: [requireApiManager(deps)],
      handler: async (req, res) => {
        res.json(await transitionApi(deps.pool, String(req.params.slug), req.body));
      },
    },
    // The operator binds connectors; producers only describe their APIs.
    ...connectorRoutes(deps),
  ];
}
