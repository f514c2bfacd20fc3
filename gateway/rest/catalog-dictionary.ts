import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { requirePlatformRole } from '../http/auth.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import { ProblemError, loadSchema } from '../../schemas/index.js';
import { getDataElement, listDataElements, putDataElement, searchCatalog, PUBLIC_LIFECYCLES } from '../../catalog/index.js';
import { DATA_ELEMENT_SCHEMA, SEARCH_HIT_SCHEMA } from './catalog-schemas.js';
import { searchQueryOf } from '../http/catalog-search-query.js';

const ID_PARAM = {
  name: 'id',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
  description: 'Identifiant de la donnée (ex. quotient_familial)',
};

/** The data dictionary and the catalogue search. */
export function catalogDictionaryRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/catalog/data-elements',
      operationId: 'listDataElements',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Dictionnaire des données',
      responses: {
        '200': {
          description: 'Les données',
          schema: { type: 'object', properties: { items: { type: 'array', items: DATA_ELEMENT_SCHEMA } } },
        },
      },
      handler: async (_req, res) => {
        res.json({ items: await listDataElements(deps.pool) });
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/data-elements/{id}',
      operationId: 'getDataElement',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Une donnée : sens, format, base légale, et les API qui la fournissent',
      parameters: [ID_PARAM],
      responses: { '200': { description: 'La donnée', schema: DATA_ELEMENT_SCHEMA }, '404': problemResponse('Inconnue') },
      handler: async (req, res) => {
        res.json(await getDataElement(deps.pool, String(req.params.id), { lifecycles: PUBLIC_LIFECYCLES }));
      },
    },
    {
      method: 'put',
      path: '/v1/catalog/data-elements/{id}',
      operationId: 'putDataElement',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { platform: ['admin'] },
      summary: 'Créer ou remplacer une donnée du dictionnaire (administrateurs)',
      parameters: [ID_PARAM],
      requestBody: { schema: loadSchema('catalog-data-element.json'), required: true },
      responses: {
        '200': { description: 'Enregistrée', schema: DATA_ELEMENT_SCHEMA },
        '422': problemResponse('Données non conformes'),
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Rôle admin requis'),
      },
      before: [requirePlatformRole('admin')],
      handler: async (req, res) => {
        const body = req.body as { id?: unknown } | undefined;
        if (body && typeof body === 'object' && body.id !== req.params.id)
          throw new ProblemError('client.validation_failed', {
            detail: 'L’identifiant du corps diffère de celui du chemin.',
            errors: [{ pointer: '/id', detail: 'différent du chemin' }],
          });
        res.json(await putDataElement(deps.pool, req.body));
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/search',
      operationId: 'searchCatalog',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Recherche plein texte (français, sans accents) dans les API, points d’accès et données',
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
        { name: 'producer', in: 'query', schema: { type: 'string', pattern: '^[0-9]{14}$' } },
        { name: 'subjectKind', in: 'query', schema: { enum: ['person', 'company', 'none'] } },
        { name: 'sensitivity', in: 'query', schema: { enum: ['standard', 'sensitive', 'highly_sensitive'] } },
        { name: 'access', in: 'query', schema: { enum: ['open', 'restricted'] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 30 } },
      ],
      responses: {
        '200': {
          description: 'Résultats, les plus pertinents d’abord',
          schema: { type: 'object', properties: { items: { type: 'array', items: SEARCH_HIT_SCHEMA } } },
        },
        '400': problemResponse('Paramètre invalide'),
      },
      handler: async (req, res) => {
        const limitRaw = queryParam(req, 'limit');
        const limit = limitRaw === undefined ? undefined : Number(limitRaw);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100))
          throw new ProblemError('client.invalid_parameter', { detail: 'limit doit être un entier entre 1 et 100.' });
        res.json({ items: await searchCatalog(deps.pool, { q: queryParam(req, 'q') ?? '', ...searchQueryOf(req), limit }) });
      },
    },
  ];
}
