/**
 * The citizen's trail over REST: `GET /v1/me/exchanges` (pages), `/v1/me/exchanges/export`
 * (CSV or JSON), `POST /v1/me/exchanges/{id}/report`, `GET /v1/me/reports`. Only the signed-in
 * citizen's own subject references are ever queried; cursors are bound to them.
 */
import { ProblemError } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';
import type { Services } from '../compose.js';
import { queryParam } from '../http/query.js';
import { problemResponse, type ParameterSpec, type RouteSpec } from '../http/route.js';
import { requireCsrf } from '../../identity/index.js';
import { citizenActor, citizenRefs } from '../services/citizen/citizen.js';
import { readTrail } from '../services/citizen/trail.js';
import { readTrailQuery } from '../http/trail-query.js';
import { collectTrail, toCsv } from '../services/citizen/trail-export.js';
import { listMyReportViews } from '../services/citizen/report.js';
import { fileMyReport } from '../services/citizen/dossier.js';

const SECURITY = ['session', 'bearer'];
const AUTH = { '401': problemResponse('Non authentifié'), '403': problemResponse('Réservé aux particuliers') };
const FILTERS: ParameterSpec[] = [
  { name: 'du', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Depuis ce jour (inclus)' },
  { name: 'au', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Jusqu’à ce jour (inclus)' },
  {
    name: 'administration',
    in: 'query',
    schema: { type: 'string', pattern: '^\\d{14}$' },
    description: 'SIRET de l’administration (consommatrice ou productrice)',
  },
  { name: 'donnee', in: 'query', schema: { type: 'string' }, description: 'Identifiant d’une donnée du dictionnaire' },
];
const ITEM = {
  type: 'object',
  description: 'Un échange : date, administration, données (libellés), producteur, cadre et objet, base légale, résultat',
};
const REPORT = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid' },
    message: { type: 'string' },
    createdAt: { type: 'string' },
    status: { enum: ['pending', 'open', 'investigating', 'closed'] },
  },
};
const REPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    message: { type: 'string', maxLength: 2000 },
    confirmed: { const: true, description: 'La personne a confirmé son signalement' },
  },
};

export function trailRoutes(deps: AppDeps, { consent, citizen }: Pick<Services, 'consent' | 'citizen'>): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/me/exchanges',
      operationId: 'listMyExchanges',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary: 'Qui a consulté mes données ? (du plus récent au plus ancien)',
      parameters: [
        ...FILTERS,
        {
          name: 'cursor',
          in: 'query',
          schema: { type: 'string' },
          description: 'Curseur de la page suivante (lié à la personne connectée)',
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
      ],
      responses: {
        '200': {
          description: 'Une page',
          schema: { type: 'object', properties: { items: { type: 'array', items: ITEM }, nextCursor: { type: ['string', 'null'] } } },
        },
        '400': problemResponse('Filtre ou curseur invalide'),
        ...AUTH,
      },
      handler: async (req, res) => {
        const q = readTrailQuery(req);
        res.set('Cache-Control', 'no-store').json(await readTrail(deps, consent, citizenRefs(req), q.filters, q.cursor, q.limit));
      },
    },
    {
      method: 'get',
      path: '/v1/me/exchanges/export',
      operationId: 'exportMyExchanges',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary: 'Exporter mon historique (CSV ou JSON)',
      parameters: [...FILTERS, { name: 'format', in: 'query', required: true, schema: { enum: ['csv', 'json'] } }],
      responses: {
        '200': { description: 'Fichier CSV (UTF-8) ou JSON', contentType: 'text/csv' },
        '400': problemResponse('Format ou filtre invalide'),
        ...AUTH,
      },
      handler: async (req, res) => {
        const format = queryParam(req, 'format');
        if (format !== 'csv' && format !== 'json')
          throw new ProblemError('client.invalid_parameter', {
            detail: 'format vaut csv ou json.',
            errors: [{ pointer: '/format', detail: 'csv ou json' }],
          });
        const items = await collectTrail(deps, consent, citizenRefs(req), readTrailQuery(req).filters);
        const day = deps.clock.now().toISOString().slice(0, 10);
        res.set('Cache-Control', 'no-store').attachment(`mes-echanges-${day}.${format}`);
        if (format === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(items));
        else res.json({ exportedAt: deps.clock.now().toISOString(), items });
      },
    },
    {
      method: 'post',
      path: '/v1/me/exchanges/{id}/report',
      operationId: 'reportMyExchange',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary:
        'Signaler un accès suspect, après confirmation (`confirmed: true`) : le message, scellé, n’est lu que par les contrôleurs du dossier ouvert',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'Identifiant de l’échange' },
      ],
      requestBody: { schema: REPORT_SCHEMA, required: false },
      responses: {
        '201': { description: 'Signalement enregistré, dossier ouvert pour les contrôleurs', schema: REPORT },
        '200': { description: 'Déjà signalé : le signalement existant', schema: REPORT },
        ...AUTH,
        '404': problemResponse('Échange introuvable dans votre historique'),
      },
      before: [requireCsrf()],
      handler: async (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const unknown = Object.keys(body).filter((k) => k !== 'message' && k !== 'confirmed' && k !== '_csrf');
        if (unknown.length)
          throw new ProblemError('client.unknown_field', {
            detail: `Champ inconnu : ${unknown[0]}.`,
            errors: unknown.map((k) => ({ pointer: `/${k}`, detail: 'champ inconnu' })),
          });
        const r = await fileMyReport(citizen, {
          refs: citizenRefs(req),
          exchangeId: String(req.params.id),
          message: body.message ?? '',
          confirmed: body.confirmed,
          actor: citizenActor(req.principal!),
        });
        res.status(r.created ? 201 : 200).json(r.report);
      },
    },
    {
      method: 'get',
      path: '/v1/me/reports',
      operationId: 'listMyReports',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary: 'Mes signalements et le statut de leur examen (open, investigating, closed)',
      responses: {
        '200': { description: 'Les signalements', schema: { type: 'object', properties: { items: { type: 'array', items: REPORT } } } },
        ...AUTH,
      },
      handler: async (req, res) => {
        res.json({ items: await listMyReportViews(deps, citizenRefs(req)) });
      },
    },
  ];
}
