import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { loadSchema } from '../../schemas/index.js';
import { getEndpoint, listEndpoints, listFieldLinks, listScopes, setFieldLinks, setScopes } from '../../catalog/index.js';
import { readableApi, requireApiManager } from '../services/catalog-access.js';
import { ENDPOINT_SCHEMA, SCOPE_SCHEMA, SLUG_PARAM } from './catalog-schemas.js';

const WRITE_ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Ni administrateur, ni producteur de l’API'),
  '404': problemResponse('API inconnue'),
};

/** Endpoints, scopes (field masks) and field → data element links of an API. */
export function catalogEndpointRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/endpoints',
      operationId: 'listCatalogEndpoints',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Points d’accès de la version courante',
      parameters: [SLUG_PARAM],
      responses: {
        '200': {
          description: 'Points d’accès',
          schema: { type: 'object', properties: { items: { type: 'array', items: ENDPOINT_SCHEMA } } },
        },
        '404': problemResponse('Inconnue'),
      },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        res.json({ items: await listEndpoints(deps.pool, api.slug) });
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/endpoints/{operationId}',
      operationId: 'getCatalogEndpoint',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Un point d’accès (paramètres, schémas, champs)',
      parameters: [SLUG_PARAM, { name: 'operationId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
      responses: { '200': { description: 'Le point d’accès', schema: ENDPOINT_SCHEMA }, '404': problemResponse('Inconnu') },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        res.json(await getEndpoint(deps.pool, api.slug, String(req.params.operationId)));
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/scopes',
      operationId: 'listCatalogScopes',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Périmètres (scopes) : masques de champs de l’API',
      parameters: [SLUG_PARAM],
      responses: {
        '200': { description: 'Périmètres', schema: { type: 'object', properties: { items: { type: 'array', items: SCOPE_SCHEMA } } } },
        '404': problemResponse('Inconnue'),
      },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        res.json({ items: await listScopes(deps.pool, api.slug) });
      },
    },
    {
      method: 'put',
      path: '/v1/catalog/apis/{slug}/scopes',
      operationId: 'setCatalogScopes',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Déclarer les périmètres (remplace la liste)',
      description:
        'Chaque pointeur doit désigner un champ d’une réponse de la version courante (`client.invalid_scope` sinon, une erreur par pointeur).',
      parameters: [SLUG_PARAM],
      requestBody: { schema: loadSchema('catalog-scopes.json'), required: true },
      responses: {
        '200': {
          description: 'Périmètres enregistrés',
          schema: { type: 'object', properties: { items: { type: 'array', items: SCOPE_SCHEMA } } },
        },
        '422': problemResponse('Périmètre invalide'),
        ...WRITE_ERRORS,
      },
      before: [requireApiManager(deps)],
      handler: async (req, res) => {
        res.json({ items: await setScopes(deps.pool, String(req.params.slug), req.body) });
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/fields',
      operationId: 'listCatalogFieldLinks',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Rattachement des champs aux données du dictionnaire',
      parameters: [SLUG_PARAM],
      responses: {
        '200': { description: 'Pointeur JSON → identifiant de donnée', schema: loadSchema('catalog-field-links.json') },
        '404': problemResponse('Inconnue'),
      },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        res.json({ fields: await listFieldLinks(deps.pool, api.slug) });
      },
    },
    {
      method: 'put',
      path: '/v1/catalog/apis/{slug}/fields',
      operationId: 'setCatalogFieldLinks',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Rattacher les champs aux données du dictionnaire (remplace la liste)',
      parameters: [SLUG_PARAM],
      requestBody: { schema: loadSchema('catalog-field-links.json'), required: true },
      responses: {
        '200': { description: 'Rattachements enregistrés', schema: loadSchema('catalog-field-links.json') },
        '422': problemResponse('Champ ou donnée inconnus'),
        ...WRITE_ERRORS,
      },
      before: [requireApiManager(deps)],
      handler: async (req, res) => {
        res.json({ fields: await setFieldLinks(deps.pool, String(req.params.slug), req.body) });
      },
    },
  ];
}
