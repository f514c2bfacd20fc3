import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import { ProblemError } from '../../schemas/index.js';
import { publicApiStatistics } from '../services/api-statistics.js';

/** `/v1/stats/apis/{slug}`: anonymised monthly aggregates (public). */
export function auditStatsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/stats/apis/{slug}',
      operationId: 'getApiStatistics',
      tags: ['statistiques'],
      security: [],
      access: 'public',
      summary: 'Statistiques ouvertes d’une API (par mois)',
      description:
        'Échanges, consommateurs, latence p50/p95, disponibilité calculée sur les issues réelles (servis / (servis + échecs)). ' +
        'Agrégats anonymes, sans donnée individuelle ; les effectifs inférieurs au seuil sont masqués (null).',
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'months', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 36 }, description: 'Nombre de mois (défaut 12)' },
      ],
      responses: {
        '200': { description: 'Statistiques', schema: { type: 'object' } },
        '404': problemResponse('API inconnue ou non publiée'),
        '400': problemResponse('Paramètre invalide'),
      },
      handler: async (req, res) => {
        const m = queryParam(req, 'months');
        const months = m === undefined ? undefined : Number(m);
        if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > 36))
          throw new ProblemError('client.invalid_parameter', { errors: [{ pointer: '/months', detail: 'entier 1..36' }] });
        res.set('Cache-Control', 'public, max-age=300').json(await publicApiStatistics(deps, String(req.params.slug), months));
      },
    },
  ];
}
