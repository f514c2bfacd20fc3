import type { Services } from '../compose.js';
import type { RequestHandler } from 'express';
import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { hasOrgRole, hasPlatformRole } from '../http/principal.js';
import type { AppDeps } from '../deps.js';
import { compileValidator, isValidSiret, loadSchema, ProblemError } from '../../schemas/index.js';
import { getOrganisation } from '../../catalog/index.js';
import {
  cancelMaintenanceWindow,
  declareMaintenanceWindow,
  listMaintenanceWindows,
  type MaintenanceWindowInput,
} from '../../connectors/index.js';

const SIRET_PARAM = {
  name: 'siret',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{14}$' },
  description: 'SIRET du producteur',
};
const WINDOW = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'producerSiret', 'startsAt', 'endsAt', 'reason', 'createdBy', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    producerSiret: { type: 'string' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    reason: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const PING = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'last_update', 'last_ok_status'],
  properties: {
    status: { enum: ['ok', 'bad_gateway', 'maintenance', 'unknown'] },
    last_update: { type: ['string', 'null'], format: 'date-time' },
    last_ok_status: { type: ['string', 'null'], format: 'date-time' },
  },
};
const WRITE_ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Ni administrateur du producteur, ni administrateur de la plateforme'),
  '404': problemResponse('Producteur inconnu'),
};

/** The path's SIRET, valid and naming a known producer organisation. */
async function producerSiret(deps: AppDeps, raw: unknown): Promise<string> {
  const siret = String(raw);
  if (!isValidSiret(siret)) throw new ProblemError('client.invalid_siret', { detail: 'Le SIRET du producteur est invalide.' });
  const org = await getOrganisation(deps.pool, siret);
  if (!org.roles.includes('producer'))
    throw new ProblemError('client.not_found', { detail: 'Cette organisation n’est pas un producteur.' });
  return siret;
}

/** Only the producer's own admins (or platform admins) declare its maintenance windows. */
function requireProducerAdmin(): RequestHandler {
  return function requireProducerAdministrator(req, _res, next) {
    if (!req.principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    const siret = String(req.params.siret);
    if (!hasPlatformRole(req.principal, 'admin') && !hasOrgRole(req.principal, siret, 'admin'))
      throw new ProblemError('client.forbidden', { detail: 'Réservé aux administrateurs du producteur.' });
    next();
  };
}

/**
 * `/v1/producers/{siret}/ping` (producer health, public: no personal data) and the producer's
 * maintenance windows. Health comes from `deps.producerHealth` (connectors bound in this
 * process, outcomes of the last 10 minutes of real exchanges from the ledger); without it a
 * producer is `unknown` unless in maintenance.
 */
export function producerRoutes(deps: AppDeps, services: Pick<Services, 'producerHealth'>): RouteSpec[] {
  const health = services.producerHealth;
  const validateWindow = compileValidator<MaintenanceWindowInput>(loadSchema('connector-maintenance-window.json'));
  return [
    {
      method: 'get',
      path: '/v1/producers/{siret}/ping',
      operationId: 'pingProducer',
      tags: ['producteurs'],
      security: [],
      access: 'public',
      summary: 'État de santé d’un producteur',
      description:
        'ok | bad_gateway | maintenance | unknown, d’après la sonde des connecteurs et les issues des échanges réels des 10 dernières minutes.',
      parameters: [SIRET_PARAM],
      responses: {
        '200': { description: 'L’état', schema: PING },
        '400': problemResponse('SIRET invalide'),
        '404': problemResponse('Producteur inconnu'),
      },
      handler: async (req, res) => {
        const siret = await producerSiret(deps, req.params.siret);
        res.set('Cache-Control', 'no-store').json(await health.ping(siret));
      },
    },
    {
      method: 'get',
      path: '/v1/producers/{siret}/maintenance-windows',
      operationId: 'listProducerMaintenanceWindows',
      tags: ['producteurs'],
      security: [],
      access: 'public',
      summary: 'Fenêtres de maintenance en cours ou à venir',
      parameters: [SIRET_PARAM],
      responses: {
        '200': { description: 'Les fenêtres', schema: { type: 'object', properties: { items: { type: 'array', items: WINDOW } } } },
        '404': problemResponse('Producteur inconnu'),
      },
      handler: async (req, res) => {
        const siret = await producerSiret(deps, req.params.siret);
        res.json({ items: await listMaintenanceWindows(deps.pool, siret, deps.clock.now()) });
      },
    },
    {
      method: 'post',
      path: '/v1/producers/{siret}/maintenance-windows',
      operationId: 'declareProducerMaintenanceWindow',
      tags: ['producteurs'],
      security: ['bearer', 'session'],
      access: { agent: ['admin'], scope: 'path:siret', platform: ['admin'] },
      summary: 'Déclarer une fenêtre de maintenance',
      parameters: [SIRET_PARAM],
      requestBody: { schema: loadSchema('connector-maintenance-window.json'), required: true },
      responses: { '201': { description: 'Déclarée', schema: WINDOW }, '422': problemResponse('Données non conformes'), ...WRITE_ERRORS },
      before: [requireProducerAdmin()],
      handler: async (req, res) => {
        const siret = await producerSiret(deps, req.params.siret);
        const input = validateWindow.assert(req.body);
        const w = await declareMaintenanceWindow(deps.pool, siret, input, req.principal!.sub, deps.clock.now());
        res.status(201).location(`/v1/producers/${siret}/maintenance-windows/${w.id}`).json(w);
      },
    },
    {
      method: 'delete',
      path: '/v1/producers/{siret}/maintenance-windows/{id}',
      operationId: 'cancelProducerMaintenanceWindow',
      tags: ['producteurs'],
      security: ['bearer', 'session'],
      access: { agent: ['admin'], scope: 'path:siret', platform: ['admin'] },
      summary: 'Annuler une fenêtre de maintenance',
      parameters: [SIRET_PARAM, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '204': { description: 'Annulée' }, ...WRITE_ERRORS },
      before: [requireProducerAdmin()],
      handler: async (req, res) => {
        const siret = await producerSiret(deps, req.params.siret);
        await cancelMaintenanceWindow(deps.pool, siret, String(req.params.id));
        res.status(204).end();
      },
    },
  ];
}
