import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import { listPartyExchanges } from '../services/exchanges.js';

const VIEW = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    outcome: { enum: ['served', 'denied', 'failed'] },
    status: { type: ['integer', 'null'] },
    problemCode: { type: ['string', 'null'] },
    latencyMs: { type: ['integer', 'null'] },
    consumerSiret: { type: ['string', 'null'] },
    clientId: { type: ['string', 'null'] },
    contractId: { type: ['string', 'null'] },
    contractVersion: { type: ['integer', 'null'] },
    producerSiret: { type: ['string', 'null'] },
    api: { type: ['string', 'null'] },
    endpoint: { type: ['string', 'null'] },
    fields: { type: 'array', items: { type: 'string' } },
    dataElements: { type: 'array', items: { type: 'string' } },
    subjectKind: { type: ['string', 'null'] },
    recipient: { type: ['string', 'null'] },
    context: { type: ['string', 'null'] },
    object: { type: ['string', 'null'] },
    bodySha256: { type: ['string', 'null'] },
    delegation: {
      type: ['object', 'null'],
      description: 'Appel d’un éditeur pour le consommateur, sous une délégation',
      properties: { id: { type: ['string', 'null'] }, editorSiret: { type: 'string' }, software: { type: ['string', 'null'] } },
    },
  },
};

/** `GET /v1/exchanges`: a consumer's own exchanges, a producer's exchanges on its APIs. */
export function exchangesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/exchanges',
      operationId: 'listExchanges',
      tags: ['échanges'],
      security: ['bearer', 'session'],
      access: { agent: 'any', scope: 'query:organisation' },
      summary: 'Échanges de mon organisation (comme consommateur, producteur ou éditeur)',
      description:
        'Les plus récents d’abord, pagination par curseur. Un consommateur voit ses propres appels et ceux de ses éditeurs pour lui, un producteur les appels sur ses API, un éditeur ses appels sous délégation ; jamais ceux d’une autre organisation.',
      parameters: [
        {
          name: 'organisation',
          in: 'query',
          schema: { type: 'string', pattern: '^[0-9]{14}$' },
          description: 'SIRET de l’organisation pour laquelle l’agent agit (facultatif s’il n’en a qu’une)',
        },
        { name: 'side', in: 'query', schema: { enum: ['consumer', 'producer', 'editor'], default: 'consumer' } },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      ],
      responses: {
        '200': {
          description: 'Une page',
          schema: { type: 'object', properties: { items: { type: 'array', items: VIEW }, nextCursor: { type: ['string', 'null'] } } },
        },
        '400': problemResponse('Paramètre invalide'),
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Organisation d’un autre'),
      },
      handler: async (req, res) => {
        const limit = queryParam(req, 'limit');
        res.json(
          await listPartyExchanges(deps.pool, req.principal, {
            organisation: queryParam(req, 'organisation'),
            side: queryParam(req, 'side'),
            cursor: queryParam(req, 'cursor'),
            limit: limit === undefined ? undefined : Number(limit),
          }),
        );
      },
    },
  ];
}
