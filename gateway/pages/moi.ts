/**
 * The citizen space pages: `GET /moi` and its forms (POST, CSRF token in `_csrf`, checked by
 * requireCsrf before the route), each answering 303 back to `/moi` with a fixed notice code
 * (Post/Redirect/Get). Refusals of the domain (already decided, someone else's id) become a
 * notice too, never a raw error page.
 */
import type { Request, Response } from 'express';
import { ProblemError } from '../../schemas/index.js';
import { changeConsentStatus, decideConsentRequest, type ConsentAction } from '../../consent/index.js';
import { renderMoiForbidden, renderMoiLogin, renderMoiPage } from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import type { RouteSpec } from '../http/route.js';
import { requireCsrf } from '../../identity/index.js';
import { citizenActor, citizenRefs, requireCitizen } from '../services/citizen/citizen.js';
import type { Services } from '../compose.js';
import { readTrailQuery } from '../http/trail-query.js';
import type { TrailQuery } from '../services/citizen/trail.js';
import { buildMoiModel, noticeFor } from '../services/citizen/moi-model.js';
import { reportConfirmationPage } from './moi-dossier.js';
import { queryParam } from '../http/query.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const REDIRECT = { '303': { description: 'Retour à /moi', contentType: 'text/html' } };
const CONSENT_ACTIONS: Record<string, { action: ConsentAction; notice: string }> = {
  retirer: { action: 'revoke', notice: 'revoque' },
  suspendre: { action: 'pause', notice: 'suspendu' },
  retablir: { action: 'resume', notice: 'retabli' },
};

/** Runs a form action and redirects with its notice; domain refusals become an error notice. */
async function formAction(res: Response, run: () => Promise<string>, anchor = ''): Promise<void> {
  let code: string;
  try {
    code = await run();
  } catch (err) {
    if (!(err instanceof ProblemError) || !err.code.startsWith('client.')) throw err;
    code = err.code === 'client.not_found' ? 'introuvable' : 'impossible';
  }
  res.set('Cache-Control', 'no-store').redirect(303, `/moi?info=${code}${anchor}`);
}

export function moiRoutes(deps: AppDeps, { consent, citizen }: Pick<Services, 'consent' | 'citizen'>): RouteSpec[] {
  const rt = consent;
  const citizenForm = [requireCitizen(), requireCsrf()];
  return [
    {
      method: 'get',
      path: '/moi',
      operationId: 'webMoi',
      tags: ['web'],
      security: [],
      access: 'citizen',
      hidden: true,
      summary: 'Espace particulier : qui a consulté mes données ?',
      responses: HTML,
      handler: async (req: Request, res: Response) => {
        res.set('Cache-Control', 'no-store');
        const p = req.principal;
        if (!p) return void res.type('html').send(renderMoiLogin().toString());
        if (p.kind !== 'citizen' || !p.citizen)
          return void res
            .status(403)
            .type('html')
            .send(renderMoiForbidden({ name: p.name ?? p.sub, logoutUrl: '/auth/logout' }, p.csrfToken).toString());
        let q: TrailQuery;
        let notice = noticeFor(queryParam(req, 'info'));
        try {
          q = readTrailQuery(req);
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          q = { filters: {}, raw: {}, cursor: null, limit: 50 };
          notice = noticeFor('filtres');
        }
        res.type('html').send((await buildMoiModel(deps, consent, p, q, notice).then(renderMoiPage)).toString());
      },
    },
    {
      method: 'post',
      path: '/moi/consentements/{id}/{action}',
      operationId: 'webMoiConsentAction',
      tags: ['web'],
      security: ['session'],
      access: 'citizen',
      hidden: true,
      summary: 'Formulaire : suspendre, rétablir ou retirer un consentement',
      responses: REDIRECT,
      before: citizenForm,
      handler: async (req, res) => {
        const a = CONSENT_ACTIONS[String(req.params.action)];
        if (!a) throw new ProblemError('client.route_not_found');
        await formAction(
          res,
          async () => {
            await changeConsentStatus(rt.ctx, {
              subjectRefs: citizenRefs(req),
              consentId: String(req.params.id),
              action: a.action,
              actor: citizenActor(req.principal!),
            });
            return a.notice;
          },
          '#consentements',
        );
      },
    },
    {
      method: 'post',
      path: '/moi/demandes/{id}/{decision}',
      operationId: 'webMoiRequestDecision',
      tags: ['web'],
      security: ['session'],
      access: 'citizen',
      hidden: true,
      summary: 'Formulaire : accepter ou refuser une demande de consentement',
      responses: REDIRECT,
      before: citizenForm,
      handler: async (req, res) => {
        const d = String(req.params.decision);
        if (d !== 'accepter' && d !== 'refuser') throw new ProblemError('client.route_not_found');
        await formAction(
          res,
          async () => {
            await decideConsentRequest(rt.ctx, {
              subjectRefs: citizenRefs(req),
              requestId: String(req.params.id),
              decision: d === 'accepter' ? 'accept' : 'refuse',
              actor: citizenActor(req.principal!),
            });
            return d === 'accepter' ? 'accepte' : 'refuse';
          },
          '#consentements',
        );
      },
    },
    {
      method: 'post',
      path: '/moi/echanges/{id}/signaler',
      operationId: 'webMoiReport',
      tags: ['web'],
      security: ['session'],
      access: 'citizen',
      hidden: true,
      summary: 'Formulaire : signaler un accès suspect — affiche l’étape de confirmation (rien n’est envoyé avant)',
      responses: { ...REDIRECT, ...HTML },
      before: citizenForm,
      handler: async (req, res) => {
        const id = String(req.params.id);
        try {
          res
            .set('Cache-Control', 'no-store')
            .type('html')
            .send(await reportConfirmationPage({ citizen }, req));
        } catch (err) {
          if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
          await formAction(res, async () => 'introuvable', `#echange-${encodeURIComponent(id)}`);
        }
      },
    },
  ];
}
