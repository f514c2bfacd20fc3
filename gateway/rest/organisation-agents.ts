import type { Request } from 'express';
import type { RouteSpec } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { problemResponse } from '../http/route.js';
import { queryParam } from '../http/query.js';
import type { Services } from '../compose.js';
import { APPOINT_SCHEMA, INVITATION_SCHEMA, ORG_ROLES, ROLES_BODY_SCHEMA } from '../../identity/index.js';
import { ProblemError, type Principal } from '../../schemas/index.js';

/** An organisation's admins manage its agents (docs/architecture.md, "Identity and access"). */
const ORG_ADMIN = { agent: ['admin'], scope: 'path:siret' } satisfies RouteAccess;
/** Only the platform operator appoints an admin of an organisation (its first one). */
const OPERATOR = { platform: ['admin'] } satisfies RouteAccess;

const SIRET_PARAM = {
  name: 'siret',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{14}$' },
  description: 'SIRET de l’organisation',
};
const AGENT_PARAM = {
  name: 'agentId',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
  description: 'Identifiant de l’agent dans l’organisation (champ id de la liste)',
};
const AGENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    roles: { type: 'array', items: { enum: [...ORG_ROLES] } },
    status: {
      enum: ['active', 'invited', 'expired'],
      description: 'actif, invité (en attente de sa première connexion), invitation expirée',
    },
    since: { type: 'string', format: 'date-time' },
    invitedAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    self: { type: 'boolean', description: 'la ligne de l’appelant' },
  },
};
const HISTORY_ITEM = {
  type: 'object',
  properties: {
    eventId: { type: 'string', format: 'uuid', description: 'identifiant de l’événement du journal' },
    at: { type: 'string', format: 'date-time' },
    action: { enum: ['invited', 'invitation_accepted', 'roles_changed', 'removed', 'admin_appointed'] },
    actor: { type: 'object', properties: { label: { type: 'string' }, operator: { type: 'boolean' } } },
    agent: { type: 'object', properties: { membershipId: { type: 'string' }, label: { type: 'string' } } },
    rolesBefore: { type: 'array', items: { type: 'string' } },
    rolesAfter: { type: 'array', items: { type: 'string' } },
  },
};
const ERRORS = {
  '400': problemResponse('SIRET invalide'),
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Rôle admin de l’organisation requis'),
  '503': problemResponse('gateway.ledger_unavailable : la modification n’a pas pu être journalisée'),
};

function principal(req: Request): Principal {
  return req.principal!;
}

/** `/v1/organisations/{siret}/agents`: an organisation's agents, their roles, invitations, history. */
export function organisationAgentRoutes(services: Pick<Services, 'agents'>): RouteSpec[] {
  const { agents } = services;
  const siret = (req: Request) => String(req.params.siret);
  return [
    {
      method: 'get',
      path: '/v1/organisations/{siret}/agents',
      operationId: 'listOrganisationAgents',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ORG_ADMIN,
      summary: 'Agents de mon organisation et leurs rôles (admin de l’organisation)',
      description: 'Agents actifs et invitations en attente de la première connexion ProConnect.',
      parameters: [SIRET_PARAM],
      responses: {
        '200': { description: 'Les agents', schema: { type: 'object', properties: { items: { type: 'array', items: AGENT } } } },
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json({ items: await agents.list(principal(req), siret(req)) });
      },
    },
    {
      method: 'post',
      path: '/v1/organisations/{siret}/agents',
      operationId: 'inviteOrganisationAgent',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ORG_ADMIN,
      summary: 'Inviter un agent par son adresse électronique (admin de l’organisation)',
      description:
        'Les rôles s’appliquent à la première connexion ProConnect de l’agent avec cette adresse et pour cette organisation (SIRET). Un courriel d’invitation est envoyé. Journalisé (`membership.event`).',
      parameters: [SIRET_PARAM],
      requestBody: { schema: INVITATION_SCHEMA, required: true },
      responses: {
        '201': { description: 'Invitation créée', schema: AGENT },
        '409': problemResponse('client.agent_already_member'),
        '422': problemResponse('Données non conformes'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        const agent = await agents.invite(principal(req), siret(req), req.body);
        res
          .status(201)
          .location(`/v1/organisations/${siret(req)}/agents/${agent.id}`)
          .json(agent);
      },
    },
    {
      method: 'put',
      path: '/v1/organisations/{siret}/agents/{agentId}/roles',
      operationId: 'setOrganisationAgentRoles',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ORG_ADMIN,
      summary: 'Définir les rôles d’un agent (admin de l’organisation)',
      description:
        'Remplace les rôles (au moins un ; pour retirer l’agent, DELETE). Le dernier administrateur ne peut pas retirer son propre rôle admin (`client.last_admin`). Effet dès la requête suivante de l’agent.',
      parameters: [SIRET_PARAM, AGENT_PARAM],
      requestBody: { schema: ROLES_BODY_SCHEMA, required: true },
      responses: {
        '200': { description: 'Rôles enregistrés', schema: AGENT },
        '404': problemResponse('Agent inconnu dans cette organisation'),
        '409': problemResponse('client.last_admin'),
        '422': problemResponse('Données non conformes'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json(await agents.setRoles(principal(req), siret(req), String(req.params.agentId), req.body));
      },
    },
    {
      method: 'delete',
      path: '/v1/organisations/{siret}/agents/{agentId}',
      operationId: 'removeOrganisationAgent',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ORG_ADMIN,
      summary: 'Retirer un agent ou annuler une invitation (admin de l’organisation)',
      description: 'Le dernier administrateur ne peut pas se retirer (`client.last_admin`).',
      parameters: [SIRET_PARAM, AGENT_PARAM],
      responses: {
        '204': { description: 'Retiré' },
        '404': problemResponse('Agent inconnu dans cette organisation'),
        '409': problemResponse('client.last_admin'),
        ...ERRORS,
      },
      handler: async (req, res) => {
        await agents.remove(principal(req), siret(req), String(req.params.agentId));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/v1/organisations/{siret}/agents/history',
      operationId: 'listOrganisationAgentsHistory',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: ORG_ADMIN,
      summary: 'Qui a fait quoi : invitations, rôles, retraits (admin de l’organisation)',
      description: 'Lu dans le journal (`membership.event`), les plus récents d’abord.',
      parameters: [SIRET_PARAM, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 200 } }],
      responses: {
        '200': { description: 'L’historique', schema: { type: 'object', properties: { items: { type: 'array', items: HISTORY_ITEM } } } },
        ...ERRORS,
      },
      handler: async (req, res) => {
        const raw = queryParam(req, 'limit');
        const limit = raw === undefined ? undefined : Number(raw);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500))
          throw new ProblemError('client.invalid_parameter', { detail: 'limit doit être un entier entre 1 et 500.' });
        res.json({ items: await agents.history(siret(req), limit) });
      },
    },
    {
      method: 'post',
      path: '/v1/organisations/{siret}/admins',
      operationId: 'appointOrganisationAdmin',
      tags: ['organisations'],
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Désigner un administrateur de l’organisation (opérateur de la plateforme)',
      description:
        'Un agent de l’organisation ayant cette adresse reçoit le rôle admin ; sinon il est invité comme admin (rôle appliqué à sa première connexion ProConnect pour cette organisation). Journalisé.',
      parameters: [SIRET_PARAM],
      requestBody: { schema: APPOINT_SCHEMA, required: true },
      responses: {
        '200': { description: 'L’administrateur désigné', schema: AGENT },
        '404': problemResponse('Organisation inconnue'),
        '422': problemResponse('Données non conformes'),
        ...ERRORS,
        '403': problemResponse('Rôle admin de la plateforme requis'),
      },
      handler: async (req, res) => {
        res.json(await agents.appointAdmin(principal(req), siret(req), req.body));
      },
    },
  ];
}
