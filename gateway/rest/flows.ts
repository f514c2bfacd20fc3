/**
 * The flows API (docs/architecture.md, "The flow of one dossier"):
 * - front office (an access token of /oauth/token under a contract on the flows API):
 *   deposit, statuses of its own dossiers, its status webhook. These routes authenticate their
 *   own bearer tokens, so they are mounted before the control plane's authenticators;
 * - instructing administration (an agent with the instructor or admin role, or the
 *   subscriber's own client): inbox, dossier, attachment (ranges, ETag), acknowledgement, status;
 * - operator: procedures, subscriptions, dead letters, delivery lag.
 */
import express, { type Request, type Response } from 'express';
import {
  ackDossier,
  declareProcedure,
  decideSubscription,
  depositDossier,
  fetchDossier,
  listDeadLetters,
  listDeliveryLag,
  listInbox,
  listProcedures,
  listStatusesForFrontOffice,
  listSubscriptions,
  openAttachment,
  postStatus,
  registerFrontOfficeWebhook,
  requestSubscription,
  requeueDeadLetter,
  type DepositInput,
  type DossierStatus,
} from '../../flows/index.js';
import { ProblemError } from '../../schemas/index.js';
import { queryParam } from '../http/query.js';
import { problemResponse, type RouteSpec } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { INSTRUCTION_SCOPE, requireDepositScope, subscriberOf, type FlowsClient, type FlowsServices } from '../services/flows.js';
import type { Principal } from '../http/principal.js';
import type { Authenticator } from '../http/auth.js';
import { readMultipartDeposit } from './flows-multipart.js';

/** What the flows routes need from the composition root (gateway/services/flows.ts). */
export interface FlowsHttpServices {
  flows: Pick<FlowsServices, 'ctx' | 'verifyClient' | 'webhookHosts'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAGS = ['démarches'];
const SUBSCRIBER: RouteAccess = { agent: ['instructor', 'admin'], scope: 'query:organisation' };
const OPERATOR: RouteAccess = { platform: ['admin'] };
const ORGANISATION_PARAM = {
  name: 'organisation',
  in: 'query' as const,
  schema: { type: 'string', pattern: '^[0-9]{14}$' },
  description: 'SIRET de l’administration pour laquelle l’agent instruit (facultatif s’il n’en a qu’une)',
};
const ID_PARAM = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } };
const json = express.json({ limit: '64kb' });
const COMMON = {
  '400': problemResponse('Paramètre invalide'),
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Accès refusé'),
};

const SUMMARY = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    procedureCode: { type: 'string' },
    communeCode: { type: 'string' },
    subscriptionId: { type: 'string' },
    subscriberSiret: { type: 'string' },
    depositedAt: { type: 'string', format: 'date-time' },
    deliveryCount: { type: 'integer' },
    status: { type: ['string', 'null'] },
  },
};

function dossierId(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw new ProblemError('client.not_found', { detail: 'Dossier introuvable.' });
  return id;
}

function limitParam(req: Request, max: number): number | undefined {
  const raw = queryParam(req, 'limit');
  if (raw === undefined) return undefined;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new ProblemError('client.invalid_parameter', {
      detail: `limit : entier de 1 à ${max}.`,
      errors: [{ pointer: '/limit', detail: 'hors limites' }],
    });
  return Number(raw);
}

function bodyObject(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b))
    throw new ProblemError('client.validation_failed', { detail: 'Corps JSON (objet) attendu.' });
  return b as Record<string, unknown>;
}

/** The front office behind the request (its own bearer token; these routes sit before the control plane's authenticators). */
function frontOffice(s: Pick<FlowsServices, 'verifyClient'>) {
  return async function authenticateFrontOffice(req: Request, res: Response, next: (err?: unknown) => void): Promise<void> {
    res.locals.flowsClient = await s.verifyClient(req.headers.authorization);
    next();
  };
}

function clientOf(res: Response): FlowsClient {
  return res.locals.flowsClient as FlowsClient;
}

/**
 * After a refusal while the body is still arriving, answer and close the connection rather
 * than read (and store nothing of) the rest of an upload.
 */
function closeAfterAnswer(req: Request, res: Response): void {
  if (req.complete) return;
  res.set('Connection', 'close');
  res.on('finish', () => req.destroy());
}

/** Routes of front offices, mounted before the control plane's authenticators (they verify their own tokens). */
export function flowsFrontOfficeRoutes(services: FlowsHttpServices): RouteSpec[] {
  const s = { ...services.flows, flows: services.flows.ctx };
  const auth = frontOffice(s);
  return [
    {
      method: 'post',
      path: '/v1/flows/dossiers',
      operationId: 'depositDossier',
      tags: TAGS,
      security: ['exchangeToken'],
      access: 'exchange-token',
      summary: 'Déposer un dossier (guichet)',
      description:
        'Corps multipart/form-data : d’abord le champ `dossier` (JSON : procedureCode, communeCode, applicant, form), puis les pièces jointes (type reconnu au contenu, jamais au nom). En-tête `Idempotency-Key` obligatoire : la même clé avec le même contenu rend le même dossier, avec un autre contenu 409. Le dossier est acheminé vers l’administration abonnée la plus précise pour la commune.',
      parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }],
      requestBody: {
        contentType: 'multipart/form-data',
        schema: {
          type: 'object',
          required: ['dossier'],
          properties: { dossier: { type: 'string', description: 'JSON du dossier' }, piece: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '201': {
          description: 'Dossier déposé et acheminé',
          schema: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              administration: { type: 'object' },
              depositedAt: { type: 'string', format: 'date-time' },
              replayed: { type: 'boolean' },
            },
          },
        },
        ...COMMON,
        '409': problemResponse('Clé d’idempotence déjà utilisée pour un autre contenu'),
        '413': problemResponse('Pièce jointe trop volumineuse'),
        '415': problemResponse('Type de pièce jointe refusé'),
        '422': problemResponse('Formulaire non conforme, commune inconnue, aucune administration compétente'),
      },
      before: [auth],
      handler: async (req, res) => {
        const client = clientOf(res);
        const key = req.headers['idempotency-key'];
        try {
          if (typeof key !== 'string' || key === '')
            throw new ProblemError('client.invalid_request', { detail: 'En-tête Idempotency-Key obligatoire.' });
          const body = await readMultipartDeposit(req);
          const procedureCode = (body.dossier as { procedureCode?: unknown } | null)?.procedureCode;
          if (typeof procedureCode === 'string') requireDepositScope(client, procedureCode);
          const r = await depositDossier(s.flows, {
            depositor: { clientId: client.clientId, siret: client.siret },
            idempotencyKey: key,
            input: body.dossier as DepositInput,
            attachments: body.attachments,
          });
          res
            .status(201)
            .set('Location', `/v1/flows/dossiers/${r.dossierId}`)
            .set(r.replayed ? { 'Idempotent-Replayed': 'true' } : {})
            .json({
              id: r.dossierId,
              administration: { siret: r.subscriberSiret, name: r.subscriberName },
              subscriptionId: r.subscriptionId,
              depositedAt: r.depositedAt.toISOString(),
              replayed: r.replayed,
            });
        } catch (err) {
          closeAfterAnswer(req, res);
          throw err;
        }
      },
    },
    {
      method: 'get',
      path: '/v1/flows/statuses',
      operationId: 'listFrontOfficeStatuses',
      tags: TAGS,
      security: ['exchangeToken'],
      access: 'exchange-token',
      summary: 'Statuts des dossiers que j’ai déposés (guichet)',
      description: 'Depuis un curseur (`since`), dans l’ordre ; repasser `cursor` la fois suivante.',
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'string', pattern: '^[0-9]{1,19}$' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      ],
      responses: { '200': { description: 'Statuts et curseur suivant' }, ...COMMON },
      before: [auth],
      handler: async (req, res) => {
        const page = await listStatusesForFrontOffice(s.flows, {
          clientId: clientOf(res).clientId,
          since: queryParam(req, 'since') ?? null,
          limit: limitParam(req, 1000),
        });
        res
          .set('Cache-Control', 'no-store')
          .json({ items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })), cursor: page.cursor });
      },
    },
    {
      method: 'put',
      path: '/v1/flows/webhook',
      operationId: 'registerFrontOfficeWebhook',
      tags: TAGS,
      security: ['exchangeToken'],
      access: 'exchange-token',
      summary: 'Recevoir les statuts par webhook signé (guichet)',
      description:
        'Corps `{ "url": "https://…" }` sur un hôte déclaré par l’opérateur. Chaque envoi est signé (JWS détaché, en-tête Datapedia-Signature, clés de /.well-known/jwks.json).',
      requestBody: { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } },
      responses: { '204': { description: 'Enregistré' }, ...COMMON, '422': problemResponse('URL hors des hôtes déclarés') },
      before: [auth, json],
      handler: async (req, res) => {
        const url = bodyObject(req).url;
        if (typeof url !== 'string' || url.length > 2000 || !URL.canParse(url))
          throw new ProblemError('client.validation_failed', {
            detail: 'url : adresse https attendue.',
            errors: [{ pointer: '/url', detail: 'adresse invalide' }],
          });
        await registerFrontOfficeWebhook(s.flows, {
          clientId: clientOf(res).clientId,
          webhookUrl: url,
          allowedWebhookHosts: s.webhookHosts,
        });
        res.status(204).end();
      },
    },
  ];
}

/** Routes of instructing administrations and of the operator (control plane authenticators). */
export function flowsRoutes(services: FlowsHttpServices): RouteSpec[] {
  const s = { ...services.flows, flows: services.flows.ctx };
  const subscriber = (req: Request) => subscriberOf(req.principal, queryParam(req, 'organisation'));
  return [
    {
      method: 'get',
      path: '/v1/flows/inbox',
      operationId: 'listFlowsInbox',
      tags: TAGS,
      security: ['bearer', 'session', 'exchangeToken'],
      access: SUBSCRIBER,
      summary: 'Dossiers à récupérer (administration instructrice)',
      description:
        'Les dossiers non acquittés qui ne sont pas en cours de récupération, du plus ancien au plus récent. Un dossier récupéré mais non acquitté revient après le délai de visibilité.',
      parameters: [
        ORGANISATION_PARAM,
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
      ],
      responses: {
        '200': {
          description: 'Une page',
          schema: { type: 'object', properties: { items: { type: 'array', items: SUMMARY }, nextCursor: { type: ['string', 'null'] } } },
        },
        ...COMMON,
      },
      handler: async (req, res) => {
        const page = await listInbox(s.flows, {
          subscriberSiret: subscriber(req).siret,
          cursor: queryParam(req, 'cursor') ?? null,
          limit: limitParam(req, 500),
        });
        res.set('Cache-Control', 'no-store').json(page);
      },
    },
    {
      method: 'get',
      path: '/v1/flows/dossiers/{id}',
      operationId: 'getFlowsDossier',
      tags: TAGS,
      security: ['bearer', 'session', 'exchangeToken'],
      access: SUBSCRIBER,
      summary: 'Récupérer un dossier (administration instructrice)',
      description: 'Le formulaire et l’identité du demandeur ; la récupération est tracée avant d’être servie.',
      parameters: [ID_PARAM, ORGANISATION_PARAM],
      responses: { '200': { description: 'Le dossier' }, ...COMMON, '404': problemResponse('Dossier introuvable') },
      handler: async (req, res) => {
        const who = subscriber(req);
        const d = await fetchDossier(s.flows, { subscriberSiret: who.siret, dossierId: dossierId(req), actor: who.actor });
        res.set('Cache-Control', 'no-store').json(d);
      },
    },
    {
      method: 'get',
      path: '/v1/flows/dossiers/{id}/attachments/{n}',
      operationId: 'getFlowsAttachment',
      tags: TAGS,
      security: ['bearer', 'session', 'exchangeToken'],
      access: SUBSCRIBER,
      summary: 'Télécharger une pièce jointe',
      description: 'Flux du contenu ; `ETag` = SHA-256 ; une plage d’octets (`Range`) au plus (RFC 9110).',
      parameters: [
        ID_PARAM,
        { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
        ORGANISATION_PARAM,
        { name: 'Range', in: 'header', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'La pièce', contentType: 'application/octet-stream' },
        '206': { description: 'Une plage', contentType: 'application/octet-stream' },
        '304': { description: 'Inchangée (If-None-Match)' },
        ...COMMON,
        '404': problemResponse('Introuvable ou purgée'),
        '416': problemResponse('Plage non satisfiable'),
      },
      handler: async (req, res) => {
        const who = subscriber(req);
        const n = String(req.params.n);
        if (!/^\d{1,3}$/.test(n)) throw new ProblemError('client.not_found', { detail: 'Pièce jointe introuvable.' });
        const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
        let a;
        try {
          a = await openAttachment(s.flows, {
            subscriberSiret: who.siret,
            dossierId: dossierId(req),
            n: Number(n),
            range,
            actor: who.actor,
          });
        } catch (err) {
          if (err instanceof ProblemError && err.code === 'client.invalid_parameter' && typeof err.extensions?.size === 'number') {
            res
              .status(416)
              .set('Content-Range', `bytes */${err.extensions.size}`)
              .type('application/problem+json')
              .send(
                JSON.stringify({
                  type: 'about:blank',
                  title: 'Plage non satisfiable',
                  status: 416,
                  code: 'client.invalid_parameter',
                  detail: err.detail,
                }),
              );
            return;
          }
          throw err;
        }
        res.set({
          ETag: a.etag,
          'Accept-Ranges': 'bytes',
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
          'Content-Disposition': `attachment; filename="${a.meta.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.meta.filename)}`,
        });
        if (!a.range && req.headers['if-none-match'] === a.etag) {
          a.stream.destroy();
          res.status(304).end();
          return;
        }
        res.type(a.meta.mediaType);
        if (a.range) {
          res.status(206).set({
            'Content-Range': `bytes ${a.range.start}-${a.range.end}/${a.meta.size}`,
            'Content-Length': String(a.range.end - a.range.start + 1),
          });
        } else {
          res.status(200).set('Content-Length', String(a.meta.size));
        }
        a.stream.on('error', () => res.destroy());
        a.stream.pipe(res);
      },
    },
    {
      method: 'post',
      path: '/v1/flows/dossiers/{id}/ack',
      operationId: 'ackFlowsDossier',
      tags: TAGS,
      security: ['bearer', 'session', 'exchangeToken'],
      access: SUBSCRIBER,
      summary: 'Accuser réception d’un dossier (définitif)',
      parameters: [ID_PARAM, ORGANISATION_PARAM],
      responses: {
        '200': { description: 'Acquitté' },
        ...COMMON,
        '404': problemResponse('Dossier introuvable'),
        '409': problemResponse('Dossier jamais récupéré'),
      },
      handler: async (req, res) => {
        const who = subscriber(req);
        const r = await ackDossier(s.flows, { subscriberSiret: who.siret, dossierId: dossierId(req), actor: who.actor });
        res.json({ ackedAt: r.ackedAt.toISOString() });
      },
    },
    {
      method: 'post',
      path: '/v1/flows/dossiers/{id}/status',
      operationId: 'postFlowsStatus',
      tags: TAGS,
      security: ['bearer', 'session', 'exchangeToken'],
      access: SUBSCRIBER,
      summary: 'Publier un statut du dossier (et un message pour la personne)',
      parameters: [ID_PARAM, ORGANISATION_PARAM],
      requestBody: {
        schema: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { enum: ['received', 'in_progress', 'info_requested', 'accepted', 'rejected', 'closed'] },
            message: { type: 'string', maxLength: 2000 },
          },
        },
      },
      responses: {
        '201': { description: 'Statut publié' },
        ...COMMON,
        '404': problemResponse('Dossier introuvable'),
        '409': problemResponse('Transition impossible'),
        '422': problemResponse('Statut ou message invalide'),
      },
      handler: async (req, res) => {
        const who = subscriber(req);
        const b = bodyObject(req);
        if (typeof b.status !== 'string' || (b.message !== undefined && b.message !== null && typeof b.message !== 'string')) {
          throw new ProblemError('client.validation_failed', {
            detail: 'status (texte) obligatoire ; message facultatif (texte).',
            errors: [{ pointer: '/status', detail: 'obligatoire' }],
          });
        }
        const e = await postStatus(s.flows, {
          subscriberSiret: who.siret,
          dossierId: dossierId(req),
          status: b.status as DossierStatus,
          message: (b.message as string | null | undefined) ?? null,
          actor: who.actor,
        });
        res.status(201).json({ ...e, at: e.at.toISOString() });
      },
    },
    {
      method: 'get',
      path: '/v1/flows/procedures',
      operationId: 'listFlowsProcedures',
      tags: TAGS,
      security: [],
      access: 'public',
      summary: 'Démarches acheminées (schéma du formulaire, pièces admises, niveau d’acheminement)',
      responses: { '200': { description: 'Les démarches' } },
      handler: async (_req, res) => {
        res.json({ items: await listProcedures(s.flows) });
      },
    },
    {
      method: 'post',
      path: '/v1/flows/procedures',
      operationId: 'declareFlowsProcedure',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Déclarer une démarche (opérateur)',
      requestBody: { schema: { type: 'object' } },
      responses: {
        '201': { description: 'Déclarée' },
        ...COMMON,
        '409': problemResponse('Code déjà pris'),
        '422': problemResponse('Déclaration invalide'),
      },
      handler: async (req, res) => {
        res.status(201).json(await declareProcedure(s.flows, bodyObject(req) as never));
      },
    },
    {
      method: 'get',
      path: '/v1/flows/subscriptions',
      operationId: 'listFlowsSubscriptions',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Abonnements des administrations instructrices (opérateur)',
      parameters: [{ name: 'procedure', in: 'query', schema: { type: 'string' } }],
      responses: { '200': { description: 'Abonnements' }, ...COMMON },
      handler: async (req, res) => {
        res.json({ items: await listSubscriptions(s.flows, queryParam(req, 'procedure') ?? null) });
      },
    },
    {
      method: 'post',
      path: '/v1/flows/subscriptions',
      operationId: 'requestFlowsSubscription',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: { agent: ['admin'], scope: 'body-organisation', platform: ['admin'] },
      summary: 'Demander un abonnement pour des territoires (administration instructrice)',
      description: 'En attente jusqu’à l’approbation du propriétaire de la démarche.',
      requestBody: {
        schema: { type: 'object', required: ['procedureCode', 'subscriberSiret', 'subscriberName', 'territories', 'delivery'] },
      },
      responses: {
        '201': { description: 'Demandé' },
        ...COMMON,
        '404': problemResponse('Démarche inconnue'),
        '422': problemResponse('Territoire ou webhook invalide'),
      },
      handler: async (req, res) => {
        const b = bodyObject(req);
        const p = req.principal!;
        if (!p.platformRoles.includes('admin') && !p.memberships.some((m) => m.siret === b.subscriberSiret && m.roles.includes('admin'))) {
          throw new ProblemError('client.forbidden', {
            detail: 'Seul un administrateur de l’organisation abonnée demande son abonnement.',
          });
        }
        res.status(201).json(await requestSubscription(s.flows, b as never, { allowedWebhookHosts: s.webhookHosts }));
      },
    },
    {
      method: 'post',
      path: '/v1/flows/subscriptions/{id}/{action}',
      operationId: 'decideFlowsSubscription',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: { agent: ['admin'], scope: 'resource-party', platform: ['admin'] },
      summary: 'Approuver, suspendre ou révoquer un abonnement (propriétaire de la démarche)',
      parameters: [ID_PARAM, { name: 'action', in: 'path', required: true, schema: { enum: ['approve', 'suspend', 'revoke'] } }],
      responses: {
        '200': { description: 'Décidé' },
        ...COMMON,
        '404': problemResponse('Abonnement inconnu'),
        '409': problemResponse('Transition impossible ou territoire déjà couvert'),
      },
      handler: async (req, res) => {
        const action = String(req.params.action);
        const id = String(req.params.id);
        if (!UUID.test(id)) throw new ProblemError('client.not_found', { detail: 'Abonnement inconnu.' });
        if (action !== 'approve' && action !== 'suspend' && action !== 'revoke') throw new ProblemError('client.route_not_found');
        const p = req.principal!;
        const actor = p.platformRoles.includes('admin')
          ? { kind: 'service' as const, id: p.sub }
          : { kind: 'agent' as const, id: p.sub, organisationSiret: p.memberships.find((m) => m.roles.includes('admin'))?.siret };
        // An agent may administer several organisations: try each until the owner's.
        const orgs = p.platformRoles.includes('admin')
          ? [undefined]
          : p.memberships.filter((m) => m.roles.includes('admin')).map((m) => m.siret);
        let last: unknown;
        for (const siret of orgs) {
          try {
            return void res.json(
              await decideSubscription(s.flows, { id, action, actor: siret ? { ...actor, organisationSiret: siret } : actor }),
            );
          } catch (err) {
            if (!(err instanceof ProblemError) || err.code !== 'client.forbidden') throw err;
            last = err;
          }
        }
        throw last ?? new ProblemError('client.forbidden');
      },
    },
    {
      method: 'get',
      path: '/v1/flows/dead-letters',
      operationId: 'listFlowsDeadLetters',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Envois par webhook abandonnés après N tentatives (opérateur)',
      responses: { '200': { description: 'Lettres mortes' }, ...COMMON },
      handler: async (_req, res) => {
        res.json({ items: await listDeadLetters(s.flows) });
      },
    },
    {
      method: 'post',
      path: '/v1/flows/dead-letters/{id}/requeue',
      operationId: 'requeueFlowsDeadLetter',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Renvoyer une lettre morte (les tentatives repartent de zéro)',
      parameters: [ID_PARAM],
      responses: { '204': { description: 'Renvoyée' }, ...COMMON, '404': problemResponse('Aucune lettre morte pour ce dossier') },
      handler: async (req, res) => {
        if (!(await requeueDeadLetter(s.flows, dossierId(req))))
          throw new ProblemError('client.not_found', { detail: 'Aucune lettre morte pour ce dossier.' });
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/v1/flows/delivery-lag',
      operationId: 'getFlowsDeliveryLag',
      tags: TAGS,
      security: ['bearer', 'session'],
      access: OPERATOR,
      summary: 'Délai de remise par administration instructrice (opérateur)',
      responses: { '200': { description: 'Par abonné : en attente, plus ancien, p50, p95' }, ...COMMON },
      handler: async (_req, res) => {
        res.json({ items: await listDeliveryLag(s.flows) });
      },
    },
  ];
}

/**
 * Lets a subscriber's own back end call the instruction routes with its access token (a flows
 * contract with the `instruction` scope): it acts as an instructor of the contract's
 * organisation, on `/v1/flows/` only. Any other token is left to the other authenticators
 * (and refused if none accepts it).
 */
/**
 * The principal of a subscriber's own back end: its access token, under a flows contract with
 * the `instruction` scope, acts as an instructor of the contract's organisation.
 */
export function flowsSubscriberPrincipal(c: FlowsClient): Principal | null {
  if (!c.scopes.includes(INSTRUCTION_SCOPE)) return null;
  return {
    kind: 'agent',
    sub: `client:${c.clientId}`,
    name: `Client ${c.clientId}`,
    memberships: [{ siret: c.siret, roles: ['instructor'] }],
    platformRoles: [],
    via: 'bearer',
  };
}

export function flowsSubscriberAuthenticator(verifyClient: FlowsServices['verifyClient']): Authenticator {
  return async function authenticateFlowsSubscriber(req) {
    if (!req.path.startsWith('/v1/flows/') || !req.headers.authorization?.startsWith('Bearer ')) return null;
    try {
      return flowsSubscriberPrincipal(await verifyClient(req.headers.authorization));
    } catch (err) {
      if (err instanceof ProblemError) return null;
      throw err;
    }
  };
}
