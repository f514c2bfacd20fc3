/**
 * Delegations to software editors and editors' credentials (docs/architecture.md, "Delegations"):
 * the consumer's admin grants, the editor's admin accepts, either ends; the editor's admin
 * manages its one OAuth client (secret shown once, rotation with overlap, revocation).
 */
import type { Request } from 'express';
import type { RouteSpec, ParameterSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { requireCsrf } from '../../identity/index.js';
import {
  acceptDelegation,
  createEditorClient,
  endDelegation,
  getDelegation,
  grantDelegation,
  listDelegations,
  listEditorClients,
  revokeEditorClient,
  rotateEditorSecret,
  type Actor,
} from '../../contracts/index.js';
import { compileValidator, loadSchema } from '../../schemas/index.js';
import type { Services } from '../compose.js';

const SECURITY = ['bearer', 'session'];
const ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'Identifiant de la délégation',
} satisfies ParameterSpec;
const SIRET = {
  name: 'siret',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{14}$' },
  description: 'SIRET de l’éditeur',
} satisfies ParameterSpec;
const CLIENT_ID = { name: 'clientId', in: 'path', required: true, schema: { type: 'string' } } satisfies ParameterSpec;
const DELEGATION = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    contractId: { type: 'string', format: 'uuid' },
    apiSlug: { type: 'string' },
    consumerSiret: { type: 'string' },
    editorSiret: { type: 'string' },
    software: { type: 'string' },
    status: { enum: ['pending', 'active', 'ended'] },
    declaredVolume: { type: ['integer', 'null'], description: 'Appels par minute déclarés pour l’éditeur' },
    createdAt: { type: 'string', format: 'date-time' },
    acceptedAt: { type: ['string', 'null'], format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    endReason: { type: ['string', 'null'] },
  },
};
const ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Rôle « administrateur » requis'),
  '404': problemResponse('Délégation introuvable'),
  '409': problemResponse('Transition impossible dans cet état'),
  '422': problemResponse('Données non conformes'),
};
const ADMIN_PARTY: RouteAccess = { agent: ['admin'], scope: 'resource-party' };
const EDITOR_ADMIN: RouteAccess = { agent: ['admin'], scope: 'path:siret' };
const END_SCHEMA = { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } };
const ROTATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 2592000 } },
};
const validateEnd = compileValidator<{ reason?: string }>(END_SCHEMA);
const validateRotate = compileValidator<{ overlapSeconds?: number }>(ROTATE_SCHEMA);

function actor(req: Request): Actor {
  return req.principal!;
}

export function delegationRoutes(services: Pick<Services, 'contracts'>): RouteSpec[] {
  const { ctx } = services.contracts;
  const write = [requireCsrf()];
  return [
    {
      method: 'get',
      path: '/v1/delegations',
      operationId: 'listDelegations',
      tags: ['délégations'],
      security: SECURITY,
      access: { agent: 'any', scope: 'own-rows', platform: ['admin', 'auditor'] },
      summary: 'Délégations accordées ou reçues par mes organisations (toutes pour les auditeurs)',
      responses: {
        '200': { description: 'Délégations', schema: { type: 'object', properties: { items: { type: 'array', items: DELEGATION } } } },
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json({ items: await listDelegations(ctx, actor(req)) });
      },
    },
    {
      method: 'post',
      path: '/v1/delegations',
      operationId: 'grantDelegation',
      tags: ['délégations'],
      security: SECURITY,
      access: { agent: ['admin'], scope: 'body-organisation' },
      summary: 'Déléguer un contrat actif à un éditeur (administrateur du consommateur) ; en attente de son acceptation',
      requestBody: { schema: loadSchema('delegation-request.json') },
      responses: { '201': { description: 'Délégation en attente', schema: DELEGATION }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        res.status(201).json(await grantDelegation(ctx, actor(req), req.body));
      },
    },
    {
      method: 'get',
      path: '/v1/delegations/{id}',
      operationId: 'getDelegation',
      tags: ['délégations'],
      security: SECURITY,
      access: { agent: 'any', scope: 'resource-party', platform: ['admin', 'auditor'] },
      summary: 'Une délégation (ses parties, les auditeurs)',
      parameters: [ID],
      responses: { '200': { description: 'Délégation', schema: DELEGATION }, ...ERRORS },
      handler: async (req, res) => {
        res.json(await getDelegation(ctx, actor(req), String(req.params.id)));
      },
    },
    {
      method: 'post',
      path: '/v1/delegations/{id}/accept',
      operationId: 'acceptDelegation',
      tags: ['délégations'],
      security: SECURITY,
      access: ADMIN_PARTY,
      summary: 'Accepter une délégation (administrateur de l’éditeur) : ses appels sont servis dès maintenant',
      parameters: [ID],
      responses: { '200': { description: 'Délégation active', schema: DELEGATION }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        res.json(await acceptDelegation(ctx, actor(req), String(req.params.id)));
      },
    },
    {
      method: 'post',
      path: '/v1/delegations/{id}/end',
      operationId: 'endDelegation',
      tags: ['délégations'],
      security: SECURITY,
      access: ADMIN_PARTY,
      summary: 'Mettre fin à une délégation (administrateur du consommateur ou de l’éditeur) : ses appels sont refusés sous 5 s',
      parameters: [ID],
      requestBody: { schema: END_SCHEMA, required: false },
      responses: { '200': { description: 'Délégation terminée', schema: DELEGATION }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        const b = validateEnd.assert(req.body ?? {});
        res.json(await endDelegation(ctx, actor(req), String(req.params.id), b.reason));
      },
    },
    {
      method: 'get',
      path: '/v1/editors/{siret}/clients',
      operationId: 'listEditorClients',
      tags: ['délégations'],
      security: SECURITY,
      access: { agent: 'any', scope: 'path:siret', platform: ['admin', 'auditor'] },
      summary: 'Identifiants OAuth2 de l’éditeur (jamais leurs secrets)',
      parameters: [SIRET],
      responses: {
        '200': { description: 'Clients', schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } } },
        ...ERRORS,
      },
      handler: async (req, res) => {
        res.json({ items: await listEditorClients(ctx, actor(req), String(req.params.siret)) });
      },
    },
    {
      method: 'post',
      path: '/v1/editors/{siret}/clients',
      operationId: 'createEditorClient',
      tags: ['délégations'],
      security: SECURITY,
      access: EDITOR_ADMIN,
      summary:
        'Obtenir les identifiants de l’éditeur (un client par éditeur ; secret affiché une seule fois ou private_key_jwt ; plages d’adresses facultatives)',
      parameters: [SIRET],
      requestBody: { schema: loadSchema('editor-client-request.json') },
      responses: { '201': { description: 'Identifiants', schema: { type: 'object' } }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        res.status(201).setHeader('Cache-Control', 'no-store');
        res.json(await createEditorClient(ctx, actor(req), String(req.params.siret), req.body));
      },
    },
    {
      method: 'post',
      path: '/v1/editors/{siret}/clients/{clientId}/rotate-secret',
      operationId: 'rotateEditorSecret',
      tags: ['délégations'],
      security: SECURITY,
      access: EDITOR_ADMIN,
      summary: 'Renouveler le secret de l’éditeur (l’ancien reste valable pendant le recouvrement)',
      parameters: [SIRET, CLIENT_ID],
      requestBody: { schema: ROTATE_SCHEMA, required: false },
      responses: { '200': { description: 'Nouveau secret (affiché une seule fois)', schema: { type: 'object' } }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        const b = validateRotate.assert(req.body ?? {});
        res.setHeader('Cache-Control', 'no-store');
        res.json(await rotateEditorSecret(ctx, actor(req), String(req.params.siret), String(req.params.clientId), b.overlapSeconds));
      },
    },
    {
      method: 'post',
      path: '/v1/editors/{siret}/clients/{clientId}/revoke',
      operationId: 'revokeEditorClient',
      tags: ['délégations'],
      security: SECURITY,
      access: EDITOR_ADMIN,
      summary: 'Révoquer les identifiants de l’éditeur',
      parameters: [SIRET, CLIENT_ID],
      responses: { '204': { description: 'Révoqués' }, ...ERRORS },
      before: write,
      handler: async (req, res) => {
        await revokeEditorClient(ctx, actor(req), String(req.params.siret), String(req.params.clientId));
        res.status(204).end();
      },
    },
  ];
}
