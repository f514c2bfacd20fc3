import type { RouteSpec } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { problemResponse } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from '../../catalog/index.js';
import { loadSchema, ProblemError } from '../../schemas/index.js';
import { queryParam } from '../http/query.js';

const ORG = { $ref: '#/components/schemas/Organisation' };
const SIRET_PARAM = {
  name: 'siret',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{14}$' },
  description: 'SIRET (14 chiffres)',
};
/** The directory is the platform administrators' (guard derived from `access`, gateway/http/access.ts). */
const ADMIN = { platform: ['admin'] } satisfies RouteAccess;
const ADMIN_ERRORS = { '401': problemResponse('Non authentifié'), '403': problemResponse('Rôle admin requis') };

/** `/v1/organisations`: the directory of administrations (platform admins only). */
export function organisationRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/organisations',
      operationId: 'listOrganisations',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ADMIN,
      summary: 'Lister les organisations',
      parameters: [
        { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'Curseur de page (nextCursor)' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'role', in: 'query', schema: { enum: ['producer', 'consumer'] } },
      ],
      responses: {
        '200': {
          description: 'Une page',
          schema: { type: 'object', properties: { items: { type: 'array', items: ORG }, nextCursor: { type: ['string', 'null'] } } },
        },
        ...ADMIN_ERRORS,
      },
      handler: async (req, res) => {
        const limitRaw = queryParam(req, 'limit');
        const limit = limitRaw === undefined ? undefined : Number(limitRaw);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200))
          throw new ProblemError('client.invalid_parameter', { detail: 'limit doit être un entier entre 1 et 200.' });
        const role = queryParam(req, 'role');
        if (role !== undefined && role !== 'producer' && role !== 'consumer')
          throw new ProblemError('client.invalid_parameter', { detail: 'role doit valoir producer ou consumer.' });
        res.json(await listOrganisations(deps.pool, { cursor: queryParam(req, 'cursor'), limit, role: role ?? null }));
      },
    },
    {
      method: 'post',
      path: '/v1/organisations',
      operationId: 'createOrganisation',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ADMIN,
      summary: 'Enregistrer une organisation',
      requestBody: { schema: loadSchema('organisation.json'), required: true },
      responses: {
        '201': { description: 'Créée', schema: ORG },
        '409': problemResponse('SIRET déjà enregistré'),
        '422': problemResponse('Données non conformes'),
        ...ADMIN_ERRORS,
      },
      handler: async (req, res) => {
        const org = await createOrganisation(deps.pool, req.body);
        res.status(201).location(`/v1/organisations/${org.siret}`).json(org);
      },
    },
    {
      method: 'get',
      path: '/v1/organisations/{siret}',
      operationId: 'getOrganisation',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ADMIN,
      summary: 'Lire une organisation',
      parameters: [SIRET_PARAM],
      responses: { '200': { description: 'L’organisation', schema: ORG }, '404': problemResponse('Inconnue'), ...ADMIN_ERRORS },
      handler: async (req, res) => {
        res.json(await getOrganisation(deps.pool, String(req.params.siret)));
      },
    },
    {
      method: 'patch',
      path: '/v1/organisations/{siret}',
      operationId: 'updateOrganisation',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ADMIN,
      summary: 'Modifier une organisation',
      parameters: [SIRET_PARAM],
      requestBody: { schema: loadSchema('organisation-patch.json'), required: true },
      responses: {
        '200': { description: 'Modifiée', schema: ORG },
        '404': problemResponse('Inconnue'),
        '422': problemResponse('Données non conformes'),
        ...ADMIN_ERRORS,
      },
      handler: async (req, res) => {
        res.json(await updateOrganisation(deps.pool, String(req.params.siret), req.body));
      },
    },
  ];
}
