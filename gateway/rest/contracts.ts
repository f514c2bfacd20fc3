import type { Request, RequestHandler } from 'express';
import type { RouteSpec, ParameterSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { requireCsrf } from '../../identity/index.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import {
  createHabilitationRequest,
  updateHabilitationRequest,
  submitHabilitationRequest,
  reopenContract,
  getContract,
  listContracts,
  listContractEvents,
  approveHabilitationRequest,
  requestChanges,
  refuseHabilitationRequest,
  changeContractStatus,
  createContractClient,
  rotateClientSecret,
  listContractClients,
  createProducerClient,
  getContractArtefact,
  type Actor,
  type ContractView,
  type LifecycleAction,
} from '../../contracts/index.js';
import { compileValidator, loadSchema, ProblemError } from '../../schemas/index.js';
import type { Services } from '../compose.js';

const ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'Identifiant du contrat',
} satisfies ParameterSpec;
const CONTRACT = { type: 'object', description: 'Contrat (habilitation) et ses versions' };
const AUTH_ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Rôle requis absent, ou auto-instruction'),
  '404': problemResponse('Contrat introuvable'),
};
const TRANSITION_ERRORS = {
  ...AUTH_ERRORS,
  '409': problemResponse('Transition impossible dans cet état'),
  '422': problemResponse('Données non conformes ou motif manquant'),
};
const SECURITY = ['bearer', 'session'];
/**
 * Who may call what (gateway/http/access.ts); the domain (contracts/access.ts) then checks the
 * role in the contract's own organisations: applicants of the consumer fill, submit, reopen and
 * get credentials; instructors (and the DPO for a second approval) of the producer instruct and
 * manage; parties and platform staff read; anybody else gets 404.
 */
const APPLICANT: RouteAccess = { agent: ['applicant'], scope: 'resource-party' };
const INSTRUCTOR: RouteAccess = { agent: ['instructor', 'dpo'], scope: 'resource-party' };
const MANAGER: RouteAccess = { agent: ['instructor', 'dpo'], scope: 'resource-party', platform: ['admin'] };
const READER: RouteAccess = { agent: 'any', scope: 'resource-party', platform: ['admin', 'auditor'] };

const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiSlug', 'consumerSiret'],
  properties: {
    apiSlug: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
    consumerSiret: { type: 'string', format: 'siret' },
    form: { $ref: 'https://datapedia.gouv.fr/schemas/habilitation-request.json' },
  },
};
const ROTATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 2592000 } },
};
const validateCreate = compileValidator<{ apiSlug: string; consumerSiret: string; form?: unknown }>(CREATE_SCHEMA);
const validateDecision = compileValidator<{
  reason?: string;
  scopes?: string[];
  endpoints?: string[];
  rateLimitPerMinute?: number;
  validUntil?: string;
}>('contract-decision.json');
const validateRotate = compileValidator<{ overlapSeconds?: number }>(ROTATE_SCHEMA);

function actor(req: Request): Actor {
  return req.principal!;
}

function id(req: Request): string {
  return String(req.params.id);
}

/**
 * Only a party to the contract (or platform staff) gets past this; anybody else gets the 404 of
 * an unknown contract before any other check, so a refusal tells nothing of its state.
 */
function requireParty(ctx: Services['contracts']['ctx']): RequestHandler {
  return async function requireContractParty(req, _res, next) {
    await getContract(ctx, actor(req), id(req));
    next();
  };
}

/** A workflow action route: POST /v1/contracts/{id}/<action> with a decision body. */
function action(
  path: string,
  operationId: string,
  summary: string,
  access: RouteAccess,
  run: (a: Actor, contractId: string, body: ReturnType<typeof validateDecision.assert>) => Promise<ContractView>,
  before: RequestHandler[],
): RouteSpec {
  return {
    method: 'post',
    path: `/v1/contracts/{id}/${path}`,
    operationId,
    tags: ['contrats'],
    security: SECURITY,
    access,
    summary,
    parameters: [ID],
    requestBody: { schema: loadSchema('contract-decision.json'), required: false },
    responses: { '200': { description: 'Le contrat après la transition', schema: CONTRACT }, ...TRANSITION_ERRORS },
    before,
    handler: async (req, res) => {
      res.json(await run(actor(req), id(req), validateDecision.assert(req.body ?? {})));
    },
  };
}

/** `/v1/contracts`: habilitation requests, their instruction, signed versions and credentials. */
export function contractRoutes(deps: AppDeps, services: Pick<Services, 'contracts'>): RouteSpec[] {
  const { ctx } = services.contracts;
  const write = [requireCsrf()];
  const partyWrite = [requireCsrf(), requireParty(ctx)];
  const lifecycle = (a: LifecycleAction) => (who: Actor, cid: string, b: { reason?: string }) =>
    changeContractStatus(ctx, who, cid, a, b.reason);
  return [
    {
      method: 'post',
      path: '/v1/contracts',
      operationId: 'createHabilitationRequest',
      tags: ['contrats'],
      security: SECURITY,
      access: { agent: ['applicant'], scope: 'body-organisation' },
      summary: 'Ouvrir une demande d’habilitation (brouillon)',
      requestBody: { schema: CREATE_SCHEMA, required: true },
      responses: { '201': { description: 'Demande créée (version 1, brouillon)', schema: CONTRACT }, ...TRANSITION_ERRORS },
      before: write,
      handler: async (req, res) => {
        const body = validateCreate.assert(req.body);
        const c = await createHabilitationRequest(ctx, actor(req), body);
        res.status(201).location(`/v1/contracts/${c.id}`).json(c);
      },
    },
    {
      method: 'get',
      path: '/v1/contracts',
      operationId: 'listContracts',
      tags: ['contrats'],
      security: SECURITY,
      access: { agent: 'any', scope: 'own-rows', platform: ['admin', 'auditor'] },
      summary: 'Lister les contrats visibles (demandes de mon organisation, file d’instruction du producteur)',
      parameters: [
        {
          name: 'side',
          in: 'query',
          schema: { enum: ['consumer', 'producer', 'any'] },
          description: 'consumer : mes demandes ; producer : à instruire',
        },
      ],
      responses: {
        '200': { description: 'Les contrats', schema: { type: 'object', properties: { items: { type: 'array', items: CONTRACT } } } },
        '401': problemResponse('Non authentifié'),
      },
      handler: async (req, res) => {
        const side = queryParam(req, 'side') ?? 'any';
        if (side !== 'consumer' && side !== 'producer' && side !== 'any')
          throw new ProblemError('client.invalid_parameter', { detail: 'side vaut consumer, producer ou any.' });
        res.json({ items: await listContracts(ctx, actor(req), { side }) });
      },
    },
    {
      method: 'get',
      path: '/v1/contracts/{id}',
      operationId: 'getContract',
      tags: ['contrats'],
      security: SECURITY,
      access: READER,
      summary: 'Lire un contrat et ses versions',
      parameters: [ID],
      responses: { '200': { description: 'Le contrat', schema: CONTRACT }, ...AUTH_ERRORS },
      handler: async (req, res) => {
        res.json(await getContract(ctx, actor(req), id(req)));
      },
    },
    {
      method: 'patch',
      path: '/v1/contracts/{id}',
      operationId: 'updateHabilitationRequest',
      tags: ['contrats'],
      security: SECURITY,
      access: APPLICANT,
      summary: 'Enregistrer des champs du brouillon (null efface un champ)',
      parameters: [ID],
      requestBody: { schema: { type: 'object', description: 'Champs de schemas/habilitation-request.json' } },
      responses: { '200': { description: 'Le contrat', schema: CONTRACT }, ...TRANSITION_ERRORS },
      before: partyWrite,
      handler: async (req, res) => {
        res.json(await updateHabilitationRequest(ctx, actor(req), id(req), req.body));
      },
    },
    action(
      'submit',
      'submitHabilitationRequest',
      'Soumettre la demande à l’instruction',
      APPLICANT,
      (a, c) => submitHabilitationRequest(ctx, a, c),
      partyWrite,
    ),
    action(
      'approve',
      'approveHabilitationRequest',
      'Valider (éventuellement moins de périmètres) ; seconde validation du DPO pour une API très sensible',
      INSTRUCTOR,
      (a, c, b) => approveHabilitationRequest(ctx, a, c, b),
      partyWrite,
    ),
    action(
      'request-changes',
      'requestHabilitationChanges',
      'Demander des modifications (motif obligatoire)',
      INSTRUCTOR,
      (a, c, b) => requestChanges(ctx, a, c, b),
      partyWrite,
    ),
    action(
      'refuse',
      'refuseHabilitationRequest',
      'Refuser (motif obligatoire)',
      INSTRUCTOR,
      (a, c, b) => refuseHabilitationRequest(ctx, a, c, b),
      partyWrite,
    ),
    action('suspend', 'suspendContract', 'Suspendre le contrat (motif obligatoire)', MANAGER, lifecycle('suspend'), partyWrite),
    action('resume', 'resumeContract', 'Reprendre un contrat suspendu', MANAGER, lifecycle('resume'), partyWrite),
    action('revoke', 'revokeContract', 'Révoquer le contrat (motif obligatoire, définitif)', MANAGER, lifecycle('revoke'), partyWrite),
    action(
      'reopen',
      'reopenContract',
      'Modifier un contrat en vigueur (nouvelle version ; l’actuelle reste en vigueur)',
      APPLICANT,
      (a, c) => reopenContract(ctx, a, c),
      partyWrite,
    ),
    {
      method: 'get',
      path: '/v1/contracts/{id}/events',
      operationId: 'listContractEvents',
      tags: ['contrats'],
      security: SECURITY,
      access: READER,
      summary: 'Historique des transitions (qui, quand, de, vers, motif, différences)',
      parameters: [ID],
      responses: {
        '200': {
          description: 'Les événements, du plus ancien au plus récent',
          schema: { type: 'object', properties: { items: { type: 'array' } } },
        },
        ...AUTH_ERRORS,
      },
      handler: async (req, res) => {
        res.json({ items: await listContractEvents(ctx, actor(req), id(req)) });
      },
    },
    {
      method: 'get',
      path: '/v1/contracts/{id}/artefact',
      operationId: 'getContractArtefact',
      tags: ['contrats'],
      security: SECURITY,
      access: READER,
      summary: 'Télécharger le contrat signé (JWS compact ES256, vérifiable avec /.well-known/jwks.json)',
      parameters: [
        ID,
        { name: 'version', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'Version (par défaut : celle en vigueur)' },
      ],
      responses: { '200': { description: 'JWS compact', contentType: 'application/jose', schema: { type: 'string' } }, ...AUTH_ERRORS },
      handler: async (req, res) => {
        const raw = queryParam(req, 'version');
        const version = raw === undefined ? undefined : Number(raw);
        if (version !== undefined && (!Number.isInteger(version) || version < 1))
          throw new ProblemError('client.invalid_parameter', { detail: 'version doit être un entier positif.' });
        const a = await getContractArtefact(ctx, actor(req), id(req), version);
        res.type('application/jose').setHeader('Content-Disposition', `attachment; filename="contrat-${id(req)}-v${a.version}.jws"`);
        res.send(a.jws);
      },
    },
    {
      method: 'get',
      path: '/v1/contracts/{id}/clients',
      operationId: 'listContractClients',
      tags: ['contrats'],
      security: SECURITY,
      access: READER,
      summary: 'Identifiants OAuth2 du contrat (jamais les secrets)',
      parameters: [ID],
      responses: {
        '200': { description: 'Les clients', schema: { type: 'object', properties: { items: { type: 'array' } } } },
        ...AUTH_ERRORS,
      },
      handler: async (req, res) => {
        res.json({ items: await listContractClients(ctx, actor(req), id(req)) });
      },
    },
    {
      method: 'post',
      path: '/v1/contracts/{id}/clients',
      operationId: 'createContractClient',
      tags: ['contrats'],
      security: SECURITY,
      access: APPLICANT,
      summary: 'Obtenir des identifiants OAuth2 (client_secret_basic : secret affiché une seule fois ; private_key_jwt : JWKS public)',
      parameters: [ID],
      requestBody: { schema: loadSchema('oauth-client-request.json') },
      responses: { '201': { description: 'Identifiants', schema: { type: 'object' } }, ...TRANSITION_ERRORS },
      before: partyWrite,
      handler: async (req, res) => {
        const c = await createContractClient(ctx, actor(req), id(req), req.body);
        res.status(201).setHeader('Cache-Control', 'no-store');
        res.json(c);
      },
    },
    {
      method: 'post',
      path: '/v1/contracts/{id}/clients/{clientId}/rotate-secret',
      operationId: 'rotateClientSecret',
      tags: ['contrats'],
      security: SECURITY,
      access: APPLICANT,
      summary: 'Renouveler le secret (l’ancien reste valable pendant le recouvrement)',
      parameters: [ID, { name: 'clientId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { schema: ROTATE_SCHEMA, required: false },
      responses: { '200': { description: 'Nouveau secret (affiché une seule fois)', schema: { type: 'object' } }, ...TRANSITION_ERRORS },
      before: partyWrite,
      handler: async (req, res) => {
        const b = validateRotate.assert(req.body ?? {});
        res.setHeader('Cache-Control', 'no-store');
        res.json(await rotateClientSecret(ctx, actor(req), id(req), String(req.params.clientId), b.overlapSeconds));
      },
    },
    {
      method: 'post',
      path: '/v1/producers/{siret}/clients',
      operationId: 'createProducerClient',
      tags: ['contrats'],
      security: SECURITY,
      access: { agent: ['instructor', 'admin'], scope: 'path:siret' },
      summary: 'Identifiants d’un producteur pour l’introspection des jetons (RFC 7662)',
      parameters: [{ name: 'siret', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{14}$' } }],
      requestBody: { schema: loadSchema('oauth-client-request.json') },
      responses: { '201': { description: 'Identifiants', schema: { type: 'object' } }, ...TRANSITION_ERRORS },
      before: write,
      handler: async (req, res) => {
        res.status(201).setHeader('Cache-Control', 'no-store');
        res.json(await createProducerClient(ctx, actor(req), String(req.params.siret), req.body));
      },
    },
  ];
}
