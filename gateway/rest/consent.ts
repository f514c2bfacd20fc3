/**
 * Consent routes.
 *
 * Consumers — `POST /v1/consent-requests`, `GET /v1/consent-requests/{id}` — are AGENTS of the
 * consumer organisation (session cookie + CSRF token, or the identity provider's bearer
 * token), with the `applicant` role to ask and any role to read. Decision: a consent request
 * is a step of an administrative case handled by a person, it names no contract, and agents'
 * roles are already checked per organisation; exchange client credentials stay confined to
 * the data plane (`/exchange`, whose tokens the control plane deliberately ignores).
 *
 * Citizens — `/v1/me/...` — see and act on their own consents and requests only; someone
 * else's id answers 404 as an unknown one would.
 */
import type { Request } from 'express';
import { ProblemError } from '../../schemas/index.js';
import {
  changeConsentStatus,
  createConsentRequest,
  decideConsentRequest,
  getConsentRequestForConsumer,
  listMyConsentRequests,
  listMyConsents,
  type ConsentAction,
} from '../../consent/index.js';
import type { AppDeps } from '../deps.js';
import { problemResponse, type ParameterSpec, type RouteSpec } from '../http/route.js';
import { requireCsrf } from '../../identity/index.js';
import { citizenActor, citizenRefs } from '../services/citizen/citizen.js';
import type { Services } from '../compose.js';
import { loadSchema } from '../../schemas/index.js';
import { trailRoutes } from './consent-trail.js';

const ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'Identifiant',
} satisfies ParameterSpec;
const CONSENT = { type: 'object', description: 'Une version de consentement (statut : active, paused, revoked, expired)' };
const REQUEST = { type: 'object', description: 'Demande de consentement (statut : pending, accepted, refused, expired)' };
const AUTH = { '401': problemResponse('Non authentifié'), '403': problemResponse('Réservé aux particuliers / à l’organisation') };
const SECURITY = ['session', 'bearer'];

function agentSirets(req: Request, role?: 'applicant'): string[] {
  const p = req.principal!;
  if (p.kind !== 'agent') throw new ProblemError('client.forbidden', { detail: 'Réservé aux agents des administrations consommatrices.' });
  return p.memberships.filter((m) => !role || m.roles.includes(role)).map((m) => m.siret);
}

function consentAction(rt: Services['consent'], action: ConsentAction, summary: string): RouteSpec {
  return {
    method: 'post',
    path: `/v1/me/consents/{id}/${action}`,
    operationId: `${action}MyConsent`,
    tags: ['citoyen'],
    security: SECURITY,
    access: 'citizen',
    summary,
    parameters: [ID],
    responses: {
      '200': { description: 'La nouvelle version du consentement', schema: CONSENT },
      ...AUTH,
      '404': problemResponse('Consentement introuvable'),
      '409': problemResponse('Transition impossible dans cet état'),
    },
    before: [requireCsrf()],
    handler: async (req, res) => {
      res.json(
        await changeConsentStatus(rt.ctx, {
          subjectRefs: citizenRefs(req),
          consentId: String(req.params.id),
          action,
          actor: citizenActor(req.principal!),
        }),
      );
    },
  };
}

function decision(rt: Services['consent'], d: 'accept' | 'refuse', summary: string): RouteSpec {
  return {
    method: 'post',
    path: `/v1/me/consent-requests/{id}/${d}`,
    operationId: `${d}ConsentRequest`,
    tags: ['citoyen'],
    security: SECURITY,
    access: 'citizen',
    summary,
    parameters: [ID],
    responses: {
      '200': {
        description: 'La demande et, si acceptée, le consentement créé',
        schema: { type: 'object', properties: { request: REQUEST, consent: CONSENT } },
      },
      ...AUTH,
      '404': problemResponse('Demande introuvable'),
      '409': problemResponse('Demande déjà traitée ou expirée'),
    },
    before: [requireCsrf()],
    handler: async (req, res) => {
      res.json(
        await decideConsentRequest(rt.ctx, {
          subjectRefs: citizenRefs(req),
          requestId: String(req.params.id),
          decision: d,
          actor: citizenActor(req.principal!),
        }),
      );
    },
  };
}

/** Every consent route: consumers' requests, the citizen's consents, trail and web pages. */
export function consentRoutes(deps: AppDeps, services: Pick<Services, 'consent' | 'citizen'>): RouteSpec[] {
  const rt = services.consent;
  return [
    {
      method: 'post',
      path: '/v1/consent-requests',
      operationId: 'createConsentRequest',
      tags: ['consentements'],
      security: SECURITY,
      access: { agent: ['applicant'], scope: 'body-organisation' },
      summary: 'Demander son consentement à une personne (agent « demandeur » de l’organisation consommatrice)',
      description:
        'La personne est désignée par son identité pivot (ou une entreprise par son SIREN) ; seule sa référence (subject_ref) est conservée. Elle voit la demande dans son espace et l’accepte ou la refuse ; GET /v1/consent-requests/{id} en donne l’issue.',
      requestBody: { schema: loadSchema('consent-request.json'), required: true },
      responses: {
        '201': { description: 'Demande enregistrée (pending)', schema: REQUEST },
        ...AUTH,
        '422': problemResponse('Données non conformes'),
      },
      before: [requireCsrf()],
      handler: async (req, res) => {
        const sirets = agentSirets(req, 'applicant');
        const p = req.principal!;
        const body = req.body as { consumerSiret?: unknown } | undefined;
        const org = typeof body?.consumerSiret === 'string' ? body.consumerSiret : undefined;
        const r = await createConsentRequest(rt.ctx, {
          body: req.body,
          subjectSecret: deps.config.SUBJECT_HMAC_SECRET,
          authorisedSirets: sirets,
          actor: { kind: 'agent', id: p.sub, ...(org ? { organisationSiret: org } : {}) },
        });
        const { subjectRef: _s, ...visible } = r;
        res.status(201).location(`/v1/consent-requests/${r.id}`).json(visible);
      },
    },
    {
      method: 'get',
      path: '/v1/consent-requests/{id}',
      operationId: 'getConsentRequest',
      tags: ['consentements'],
      security: SECURITY,
      access: { agent: 'any', scope: 'resource-party' },
      summary: 'Issue d’une demande de consentement (agents de l’organisation consommatrice)',
      parameters: [ID],
      responses: {
        '200': { description: 'La demande et son statut', schema: REQUEST },
        ...AUTH,
        '404': problemResponse('Demande introuvable'),
      },
      handler: async (req, res) => {
        const { subjectRef: _s, ...visible } = await getConsentRequestForConsumer(rt.ctx, String(req.params.id), agentSirets(req));
        res.json(visible);
      },
    },
    {
      method: 'get',
      path: '/v1/me/consents',
      operationId: 'listMyConsents',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary: 'Mes consentements (dernière version de chacun)',
      responses: {
        '200': { description: 'Les consentements', schema: { type: 'object', properties: { items: { type: 'array', items: CONSENT } } } },
        ...AUTH,
      },
      handler: async (req, res) => {
        res.json({ items: await listMyConsents(rt.ctx, citizenRefs(req)) });
      },
    },
    {
      method: 'get',
      path: '/v1/me/consent-requests',
      operationId: 'listMyConsentRequests',
      tags: ['citoyen'],
      security: SECURITY,
      access: 'citizen',
      summary: 'Les demandes de consentement qui me sont adressées',
      responses: {
        '200': { description: 'Les demandes', schema: { type: 'object', properties: { items: { type: 'array', items: REQUEST } } } },
        ...AUTH,
      },
      handler: async (req, res) => {
        res.json({ items: await listMyConsentRequests(rt.ctx, citizenRefs(req)) });
      },
    },
    consentAction(rt, 'revoke', 'Retirer mon consentement (définitif)'),
    consentAction(rt, 'pause', 'Suspendre mon consentement'),
    consentAction(rt, 'resume', 'Rétablir mon consentement suspendu'),
    decision(rt, 'accept', 'Accepter une demande de consentement'),
    decision(rt, 'refuse', 'Refuser une demande de consentement'),
    ...trailRoutes(deps, services),
  ];
}
