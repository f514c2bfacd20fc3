/**
 * Pages of the flows: in `/espace`, an instructing administration's inbox, a dossier (opening
 * it is a recorded delivery), its downloads (the API route, with the session), acknowledgement
 * and status forms (Post/Redirect/Get, CSRF); `/moi/demarches` for the person; the operator's
 * view under `/audit/demarches`.
 */
import express, { type Request, type Response } from 'express';
import { findOrganisations } from '../../catalog/index.js';
import {
  ackDossier,
  fetchDossier,
  listDeadLetters,
  listDeliveryLag,
  listInbox,
  listMyDossiers,
  listProcedures,
  listSubscriptions,
  postStatus,
  DOSSIER_STATUSES,
  type DossierStatus,
} from '../../flows/index.js';
import { ProblemError } from '../../schemas/index.js';
import { renderFlowsDossierPage, renderFlowsInboxPage, renderFlowsOperatorPage, renderMesDemarchesPage } from '../../web/index.js';
import type { RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import { subjectRefsOf } from '../services/citizen/citizen.js';
import { subscriberOf, type FlowsServices } from '../services/flows.js';

export interface FlowsPagesServices {
  flows: Pick<FlowsServices, 'ctx'>;
}

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const REDIRECT = { '303': { description: 'Retour au dossier', contentType: 'text/html' } };
const SUBSCRIBER: RouteAccess = { agent: ['instructor', 'admin'], scope: 'query:organisation' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

function send(res: Response, body: { toString(): string }, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

function nextStatuses(current: DossierStatus | null): DossierStatus[] {
  if (current === 'closed') return [];
  if (current === 'accepted' || current === 'rejected') return ['closed'];
  return [...DOSSIER_STATUSES];
}

function orgQuery(req: Request): string {
  const o = queryParam(req, 'organisation');
  return o ? `?organisation=${encodeURIComponent(o)}` : '';
}

function idOf(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw new ProblemError('client.not_found', { detail: 'Dossier introuvable.' });
  return id;
}

function userOf(req: Request): { name: string; csrfToken?: string } {
  const p = req.principal!;
  return { name: p.name ?? p.sub, ...(p.csrfToken ? { csrfToken: p.csrfToken } : {}) };
}

export function flowsPageRoutes(s: FlowsPagesServices): RouteSpec[] {
  const ctx = s.flows.ctx;
  const titles = async () => new Map((await listProcedures(ctx)).map((p) => [p.code, p.title]));
  const subscriber = (req: Request) => subscriberOf(req.principal, queryParam(req, 'organisation'));

  async function dossierPage(
    req: Request,
    res: Response,
    o: { notice?: string; error?: { title: string; detail?: string }; status?: number } = {},
  ): Promise<void> {
    const who = subscriber(req);
    const d = await fetchDossier(ctx, { subscriberSiret: who.siret, dossierId: idOf(req), actor: who.actor });
    const a = d.applicant;
    const applicantLabel = !a
      ? 'Identité purgée (durée de conservation écoulée).'
      : a.kind === 'company'
        ? `Entreprise, SIREN ${a.siren}`
        : `${a.pivot.given_name} ${a.pivot.family_name}, né(e) le ${a.pivot.birthdate}`;
    send(
      res,
      renderFlowsDossierPage({
        user: userOf(req),
        orgQuery: orgQuery(req),
        procedureTitle: (await titles()).get(d.procedureCode) ?? d.procedureCode,
        dossier: {
          id: d.id,
          communeCode: d.communeCode,
          depositedAt: d.depositedAt,
          ackedAt: d.ackedAt,
          status: d.status,
          applicantLabel,
          form: d.form,
          attachments: d.attachments,
        },
        nextStatuses: nextStatuses(d.status),
        ...(o.notice ? { notice: o.notice } : {}),
        ...(o.error ? { error: o.error } : {}),
      }),
      o.status,
    );
  }

  const page = (
    method: 'get' | 'post',
    path: string,
    operationId: string,
    summary: string,
    access: RouteAccess,
    handler: RouteSpec['handler'],
    responses: RouteSpec['responses'] = HTML,
  ): RouteSpec => pageRoute(method, path, operationId, summary, access, handler, { form: parseForm, responses });

  return [
    page('get', '/espace/demarches', 'webFlowsInbox', 'Dossiers reçus (administration instructrice)', SUBSCRIBER, async (req, res) => {
      const who = subscriber(req);
      const [inbox, names, orgs] = await Promise.all([
        listInbox(ctx, { subscriberSiret: who.siret, cursor: queryParam(req, 'cursor') ?? null }),
        titles(),
        findOrganisations(ctx.pool, [who.siret]),
      ]);
      send(
        res,
        renderFlowsInboxPage({
          user: userOf(req),
          organisation: { siret: who.siret, name: orgs[0]?.name ?? who.siret },
          orgQuery: orgQuery(req),
          nextCursor: inbox.nextCursor,
          items: inbox.items.map((d) => ({
            id: d.id,
            procedureTitle: names.get(d.procedureCode) ?? d.procedureCode,
            communeCode: d.communeCode,
            depositedAt: d.depositedAt,
            deliveryCount: d.deliveryCount,
            status: d.status,
          })),
          ...(queryParam(req, 'info') ? { notice: queryParam(req, 'info') } : {}),
        }),
      );
    }),
    page(
      'get',
      '/espace/demarches/dossiers/{id}',
      'webFlowsDossier',
      'Un dossier reçu : formulaire, pièces jointes, réception, statut',
      SUBSCRIBER,
      async (req, res) => {
        await dossierPage(req, res, { ...(queryParam(req, 'info') ? { notice: queryParam(req, 'info') } : {}) });
      },
    ),
    page(
      'post',
      '/espace/demarches/dossiers/{id}/accuser-reception',
      'webFlowsAck',
      'Formulaire : confirmer la réception d’un dossier',
      SUBSCRIBER,
      async (req, res) => {
        const who = subscriber(req);
        const id = idOf(req);
        await ackDossier(ctx, { subscriberSiret: who.siret, dossierId: id, actor: who.actor });
        const q = orgQuery(req);
        res.set('Cache-Control', 'no-store').redirect(303, `/espace/demarches/dossiers/${id}${q}${q ? '&' : '?'}info=acquitte`);
      },
      REDIRECT,
    ),
    page(
      'post',
      '/espace/demarches/dossiers/{id}/statut',
      'webFlowsStatus',
      'Formulaire : publier un statut du dossier',
      SUBSCRIBER,
      async (req, res) => {
        const who = subscriber(req);
        const id = idOf(req);
        const b = (req.body ?? {}) as Record<string, unknown>;
        try {
          if (typeof b.status !== 'string' || (b.message !== undefined && typeof b.message !== 'string'))
            throw new ProblemError('client.validation_failed', { detail: 'Choisissez un statut.' });
          await postStatus(ctx, {
            subscriberSiret: who.siret,
            dossierId: id,
            status: b.status as DossierStatus,
            message: (b.message as string | undefined) ?? null,
            actor: who.actor,
          });
        } catch (err) {
          if (!(err instanceof ProblemError) || (err.code !== 'client.validation_failed' && err.code !== 'client.invalid_transition'))
            throw err;
          return dossierPage(req, res, { error: { title: err.title, ...(err.detail ? { detail: err.detail } : {}) }, status: 422 });
        }
        const q = orgQuery(req);
        res.set('Cache-Control', 'no-store').redirect(303, `/espace/demarches/dossiers/${id}${q}${q ? '&' : '?'}info=statut`);
      },
      REDIRECT,
    ),
    page('get', '/moi/demarches', 'webMesDemarches', 'Mes démarches : où en sont mes dossiers', 'citizen', async (req, res) => {
      const mine = await listMyDossiers(ctx, subjectRefsOf(req.principal));
      send(
        res,
        renderMesDemarchesPage({
          user: userOf(req),
          dossiers: mine.map((d) => ({
            id: d.id,
            procedureTitle: d.procedureTitle,
            administration: d.administration.name,
            depositedAt: d.depositedAt,
            status: d.status,
            statuses: d.statuses,
          })),
        }),
      );
    }),
    page(
      'get',
      '/audit/demarches',
      'webFlowsOperator',
      'Acheminement des démarches : abonnements, envois abandonnés, délais',
      { platform: ['admin', 'auditor'] },
      async (req, res) => {
        const [procedures, subscriptions, deadLetters, lag] = await Promise.all([
          listProcedures(ctx),
          listSubscriptions(ctx),
          listDeadLetters(ctx),
          listDeliveryLag(ctx),
        ]);
        const names = new Map(subscriptions.map((x) => [x.subscriberSiret, x.subscriberName]));
        send(
          res,
          renderFlowsOperatorPage({
            user: userOf(req),
            procedures,
            deadLetters,
            subscriptions: subscriptions.map((x) => ({ ...x, delivery: x.delivery.mode })),
            lag: lag.map((l) => ({ ...l, subscriberName: names.get(l.subscriberSiret) ?? l.subscriberSiret })),
          }),
        );
      },
    ),
  ];
}
