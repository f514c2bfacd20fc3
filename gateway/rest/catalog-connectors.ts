import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { requirePlatformRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { getApiConnector, setApiConnector } from '../../catalog/index.js';
import {
  connectorGovernance,
  isStoredBinding,
  parseConnectorTargets,
  prepareBinding,
  redactBinding,
  type ConnectorGovernance,
  type ConnectorTarget,
} from '../../connectors/index.js';
import { SLUG_PARAM } from './catalog-schemas.js';

const BINDING_SCHEMA = {
  type: 'object',
  required: ['target', 'config'],
  additionalProperties: false,
  properties: {
    target: { type: 'string', description: 'Nom d’une cible déclarée (CONNECTOR_TARGETS)' },
    config: {
      type: 'object',
      description:
        'Configuration du connecteur (schemas/connector.json), dans la cible. Un secret renvoyé comme `{"set": true}` conserve le secret enregistré.',
    },
  },
};
const STORED_SCHEMA = {
  type: 'object',
  properties: {
    bound: { type: 'boolean' },
    target: { type: 'string' },
    config: { type: 'object' },
    boundAt: { type: 'string', format: 'date-time' },
    boundBy: { type: 'string' },
  },
};
const OPERATOR_ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Réservé à l’opérateur de la plateforme'),
  '404': problemResponse('API inconnue'),
};

/** A target as the operator reads it: a database's connection string without its password. */
function describeTarget(t: ConnectorTarget): Record<string, unknown> {
  if (t.kind !== 'sql') return { ...t };
  const url = new URL(t.dsn);
  const password = url.password !== '';
  url.password = '';
  return { ...t, dsn: url.toString(), ...(password ? { password: { set: true } } : {}) };
}

/** The process's governance (shared with the exchange's registry), or one from the configuration. */
export function governanceOf(deps: AppDeps): ConnectorGovernance {
  return (
    deps.connectorGovernance ?? connectorGovernance(parseConnectorTargets(deps.config.CONNECTOR_TARGETS), deps.config.KEY_ENCRYPTION_SECRET)
  );
}

/**
 * Operator-only connector bindings (docs/architecture.md, "Connectors"): the declared targets,
 * an API's binding (secrets as `{"set": true}`) and binding an API within a target. Producers
 * describe their APIs; they never reach these routes.
 */
export function connectorRoutes(deps: AppDeps): RouteSpec[] {
  let governance: ConnectorGovernance | undefined;
  const g = () => (governance ??= governanceOf(deps));
  const operator = [requirePlatformRole('admin')];
  return [
    {
      method: 'get',
      path: '/v1/operator/connector-targets',
      operationId: 'listConnectorTargets',
      tags: ['opérateur'],
      security: ['bearer'],
      summary: 'Cibles de connecteurs déclarées',
      description: 'Opérateur : les cibles de CONNECTOR_TARGETS (et celles du monde de démonstration). Mots de passe jamais renvoyés.',
      access: { platform: ['admin'] },
      before: operator,
      responses: {
        '200': {
          description: 'Les cibles',
          schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } },
        },
        ...OPERATOR_ERRORS,
      },
      handler: async (_req, res) => {
        res.json({ items: g().targets.list().map(describeTarget) });
      },
    },
    {
      method: 'get',
      path: '/v1/operator/apis/{slug}/connector',
      operationId: 'getApiConnector',
      tags: ['opérateur'],
      security: ['bearer'],
      summary: 'Lire le connecteur lié à une API',
      description: 'Opérateur : la liaison enregistrée ; chaque secret apparaît comme `{"set": true}`.',
      parameters: [SLUG_PARAM],
      access: { platform: ['admin'] },
      before: operator,
      responses: { '200': { description: 'La liaison', schema: STORED_SCHEMA }, ...OPERATOR_ERRORS },
      handler: async (req, res) => {
        const stored = await getApiConnector(deps.pool, String(req.params.slug));
        res.json(isStoredBinding(stored) ? { bound: true, ...redactBinding(stored) } : { bound: false });
      },
    },
    {
      method: 'put',
      path: '/v1/operator/apis/{slug}/connector',
      operationId: 'bindApiConnector',
      tags: ['opérateur'],
      security: ['bearer'],
      summary: 'Lier une API à un connecteur, dans une cible déclarée',
      description:
        'Opérateur : refusé avec `client.connector_target_not_allowed`, `client.connector_role_not_allowed`, `client.connector_path_not_allowed` ou `client.connector_address_not_allowed` hors des cibles déclarées. Les secrets sont scellés au repos et jamais relus.',
      parameters: [SLUG_PARAM],
      access: { platform: ['admin'] },
      before: operator,
      requestBody: { schema: BINDING_SCHEMA, required: true },
      responses: {
        '200': { description: 'Liée', schema: STORED_SCHEMA },
        '422': problemResponse('Hors des cibles déclarées'),
        ...OPERATOR_ERRORS,
      },
      handler: async (req, res) => {
        const slug = String(req.params.slug);
        const previous = await getApiConnector(deps.pool, slug);
        const stored = await prepareBinding(g(), slug, req.body, {
          boundBy: req.principal!.sub,
          now: deps.clock.now(),
          previous: isStoredBinding(previous) ? previous : null,
        });
        await setApiConnector(deps.pool, slug, stored);
        deps.logger.info({ api: slug, target: stored.target, by: req.principal!.sub }, 'connector bound');
        res.json({ bound: true, ...redactBinding(stored) });
      },
    },
  ];
}
