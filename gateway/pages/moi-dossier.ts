/**
 * The citizen's dossier pages beyond the trail: `/moi/droits` (rights by each API's policy,
 * « Je m'oppose »), the report's confirmation step and `/moi/signalements` (status and the
 * auditor's answer), `/moi/notifications`, `/moi/representation` (mandates, switching to a
 * represented person's dossier), `/moi/mes-donnees`. Forms are POST with the session's CSRF
 * token (checked by the app's requireCsrf) and answer 303 with a fixed notice code
 * (Post/Redirect/Get); refusals of the domain become a notice, never a raw error page.
 */
import type { Request, Response } from 'express';
import {
  MANDATE_KIND_FR,
  answerMandate,
  listMyMandates,
  listMyReportViews,
  objectTo,
  revokeMandate,
  switchRepresentation,
  withdrawObjection,
} from '../../consent/index.js';
import { getNotificationPreferences, setNotificationPreferences } from '../../notify/index.js';
import { listApis } from '../../catalog/index.js';
import { ProblemError } from '../../schemas/index.js';
import {
  renderMyDataHome,
  renderMyDataPage,
  renderNotificationsPage,
  renderReportConfirmation,
  renderReportsPage,
  renderRepresentationPage,
  renderRightsPage,
  type DossierUser,
} from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import type { Services } from '../compose.js';
import { pageGuard } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { RouteSpec } from '../http/route.js';
import { citizenActor, subjectRefsOf } from '../services/citizen/citizen.js';
import { setActingCookie } from '../services/citizen/acting.js';
import { fileMyReport, findMyExchange, labelledValues, listMyRights } from '../services/citizen/dossier.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const REDIRECT = { '303': { description: 'Retour à la page', contentType: 'text/html' } };
const STATUS_FR = {
  pending: 'en attente d’examen',
  open: 'en attente d’examen',
  investigating: 'en cours d’examen',
  closed: 'examen terminé',
} as const;

const NOTICES: Record<string, DossierUser['notice']> = {
  oppose: {
    kind: 'success',
    text: 'Votre opposition est enregistrée : les administrations qui demanderont ces données pour vous proposer une aide seront refusées.',
  },
  leve: { kind: 'success', text: 'Votre opposition est levée.' },
  signale: { kind: 'success', text: 'Votre signalement est envoyé. Un contrôleur va l’examiner ; sa réponse s’affichera ici.' },
  preferences: { kind: 'success', text: 'Vos choix de notification sont enregistrés.' },
  accepte: { kind: 'success', text: 'Vous avez accepté le mandat.' },
  refuse: { kind: 'success', text: 'Vous avez refusé le mandat.' },
  renonce: { kind: 'success', text: 'Vous avez renoncé au mandat.' },
  bascule: { kind: 'success', text: 'Vous consultez le dossier de la personne que vous représentez.' },
  retour: { kind: 'success', text: 'Vous êtes revenu(e) à votre dossier.' },
  impossible: { kind: 'error', text: 'Cette action n’est plus possible : la page a été actualisée.' },
  introuvable: { kind: 'error', text: 'Élément introuvable.' },
  invalide: { kind: 'error', text: 'Vérifiez les informations saisies.' },
};

function userOf(req: Request): DossierUser {
  const p = req.principal!;
  const acting = p.citizen?.acting;
  return {
    user: { name: p.name ?? 'Vous', logoutUrl: '/auth/logout' },
    csrfToken: p.csrfToken ?? '',
    actingFor: acting ? { kindLabel: 'représentation en cours' } : null,
    notice: NOTICES[queryParam(req, 'info') ?? ''] ?? null,
  };
}

function send(res: Response, page: { toString(): string }): void {
  res.set('Cache-Control', 'no-store').type('html').send(page.toString());
}

/** Runs a form action and redirects with its notice; domain refusals become an error notice. */
async function formAction(res: Response, back: string, run: () => Promise<string>): Promise<void> {
  let code: string;
  try {
    code = await run();
  } catch (err) {
    if (!(err instanceof ProblemError) || !err.code.startsWith('client.')) throw err;
    code = err.code === 'client.not_found' ? 'introuvable' : err.code === 'client.validation_failed' ? 'invalide' : 'impossible';
  }
  res.set('Cache-Control', 'no-store').redirect(303, `${back}?info=${code}`);
}

const form = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

export function moiDossierRoutes(deps: AppDeps, services: Pick<Services, 'citizen'>): RouteSpec[] {
  const s = services.citizen;
  const ctx = s.consent.ctx;
  const guard = [pageGuard('citizen')];
  const page = (path: string, operationId: string, summary: string, handler: RouteSpec['handler']): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    tags: ['web'],
    security: ['session'],
    access: 'citizen',
    hidden: true,
    summary,
    responses: HTML,
    before: guard,
    handler,
  });
  const post = (path: string, operationId: string, summary: string, handler: RouteSpec['handler']): RouteSpec => ({
    method: 'post',
    path,
    operationId,
    tags: ['web'],
    security: ['session'],
    access: 'citizen',
    hidden: true,
    summary,
    responses: REDIRECT,
    before: guard,
    handler,
  });
  return [
    page('/moi/droits', 'webMoiRights', 'Mes droits sur les échanges (base légale, consentement, opposition)', async (req, res) => {
      const rights = await listMyRights({ consent: ctx, labels: s.consent.labels }, subjectRefsOf(req.principal));
      send(
        res,
        renderRightsPage(
          userOf(req),
          rights.map((r) => ({ ...r, activeObjectionId: r.activeObjection?.id ?? null })),
        ),
      );
    }),
    post('/moi/oppositions', 'webMoiObject', 'Formulaire : je m’oppose', async (req, res) => {
      await formAction(res, '/moi/droits', async () => {
        await objectTo(ctx, {
          subjectRef: subjectRefsOf(req.principal)[0]!,
          target: { kind: 'api', apiSlug: String(form(req).api ?? '') },
          actor: citizenActor(req.principal!),
        });
        return 'oppose';
      });
    }),
    post('/moi/oppositions/{id}/lever', 'webMoiWithdrawObjection', 'Formulaire : lever mon opposition', async (req, res) => {
      await formAction(res, '/moi/droits', async () => {
        await withdrawObjection(ctx, {
          subjectRefs: subjectRefsOf(req.principal),
          objectionId: String(req.params.id),
          actor: citizenActor(req.principal!),
        });
        return 'leve';
      });
    }),
    post(
      '/moi/echanges/{id}/signaler/confirmer',
      'webMoiReportConfirmed',
      'Formulaire : envoyer le signalement confirmé',
      async (req, res) => {
        await formAction(res, '/moi/signalements', async () => {
          await fileMyReport(s, {
            refs: subjectRefsOf(req.principal),
            exchangeId: String(req.params.id),
            message: form(req).message ?? '',
            confirmed: true,
            actor: citizenActor(req.principal!),
          });
          return 'signale';
        });
      },
    ),
    page('/moi/signalements', 'webMoiReports', 'Mes signalements : statut et réponse du contrôleur', async (req, res) => {
      const views = await listMyReportViews(s.reports, subjectRefsOf(req.principal), s.caseStatusOf);
      send(
        res,
        renderReportsPage(
          userOf(req),
          views.map((v) => ({ id: v.id, eventId: v.eventId, createdAt: v.createdAt, statusLabel: STATUS_FR[v.status], reply: v.reply })),
        ),
      );
    }),
    page('/moi/notifications', 'webMoiNotifications', 'Être prévenu(e)', async (req, res) => {
      send(res, renderNotificationsPage(userOf(req), await getNotificationPreferences(s.notify, subjectRefsOf(req.principal)[0]!)));
    }),
    post('/moi/notifications', 'webMoiSetNotifications', 'Formulaire : mes choix de notification', async (req, res) => {
      const f = form(req);
      await formAction(res, '/moi/notifications', async () => {
        await setNotificationPreferences(s.notify, subjectRefsOf(req.principal)[0]!, {
          email: f.email,
          digest: f.digest === 'daily' ? 'daily' : 'immediate',
          kinds: {
            data_obtained: f.data_obtained === '1',
            consent_request: f.consent_request === '1',
            dossier_status: f.dossier_status === '1',
          },
        });
        return 'preferences';
      });
    }),
    page('/moi/representation', 'webMoiRepresentation', 'Agir pour un proche', async (req, res) => {
      const mandates = await listMyMandates(ctx, req.principal!.citizen!.subjectRef);
      send(
        res,
        renderRepresentationPage(
          userOf(req),
          mandates.map((m) => ({
            id: m.id,
            kindLabel: MANDATE_KIND_FR[m.kind],
            evidenceRef: m.evidenceRef,
            validUntil: m.validUntil,
            status: m.status as never,
            inForce: m.inForce,
          })),
        ),
      );
    }),
    ...(['accepter', 'refuser', 'renoncer'] as const).map((a) =>
      post(`/moi/mandats/{id}/${a}`, `webMoiMandate${a}`, `Formulaire : ${a} un mandat`, async (req, res) => {
        const p = req.principal!;
        await formAction(res, '/moi/representation', async () => {
          const mandateId = String(req.params.id);
          if (a === 'renoncer') await revokeMandate(ctx, { mandateId, asRepresentativeRef: p.citizen!.subjectRef, actor: citizenActor(p) });
          else
            await answerMandate(ctx, {
              representativeRef: p.citizen!.subjectRef,
              mandateId,
              decision: a === 'accepter' ? 'accept' : 'refuse',
              actor: citizenActor(p),
            });
          return a === 'accepter' ? 'accepte' : a === 'refuser' ? 'refuse' : 'renonce';
        });
      }),
    ),
    post(
      '/moi/representation',
      'webMoiSwitch',
      'Formulaire : ouvrir le dossier d’une personne représentée, ou revenir au mien',
      async (req, res) => {
        const p = req.principal!;
        const raw = String(form(req).mandat ?? '');
        let to = '/moi';
        let code = 'retour';
        try {
          const r = await switchRepresentation(ctx, {
            representativeRef: p.citizen!.subjectRef,
            mandateId: raw === 'moi' ? null : raw,
            fromMandateId: p.citizen!.acting?.mandateId ?? null,
            actor: citizenActor(p),
          });
          setActingCookie(res, s.acting.key, p, r ? r.mandateId : null, s.acting.secure);
          if (r) code = 'bascule';
        } catch (err) {
          if (!(err instanceof ProblemError) || !err.code.startsWith('client.')) throw err;
          to = '/moi/representation';
          code = 'introuvable';
        }
        res.set('Cache-Control', 'no-store').redirect(303, `${to}?info=${code}`);
      },
    ),
    page('/moi/mes-donnees', 'webMoiMyDataHome', 'Mes données : ce que les administrations savent de moi', async (req, res) => {
      const apis = (await listApis(deps.pool, { lifecycles: ['published', 'deprecated'] })).filter((a) => a.subjectKind === 'person');
      send(
        res,
        renderMyDataHome(
          userOf(req),
          await Promise.all(
            apis.map(async (a) => ({
              apiSlug: a.slug,
              apiTitle: a.title,
              producerName: (await s.consent.labels.organisation(a.producerSiret)) ?? a.producerSiret,
            })),
          ),
        ),
      );
    }),
    page('/moi/mes-donnees/{slug}', 'webMoiMyData', 'Mes données auprès d’un producteur (rien n’est conservé)', async (req, res) => {
      const p = req.principal!;
      if (p.citizen!.acting)
        throw new ProblemError('client.forbidden', { detail: '« Mes données » se consulte pour soi-même, depuis son propre dossier.' });
      const r = await s.myData.consult({ apiSlug: String(req.params.slug), pivot: p.citizen!.pivot });
      const answers = await Promise.all(
        r.answers.map(async (a) => ({
          summary: a.call.summary || r.plan.apiTitle,
          ok: a.status === 200,
          values:
            a.data === null
              ? []
              : (await labelledValues(deps.pool, s.consent.labels, r.plan.apiSlug, a.data)).map(({ label, value }) => ({ label, value })),
        })),
      );
      send(res, renderMyDataPage(userOf(req), { apiTitle: r.plan.apiTitle, answers }));
    }),
  ];
}

/** The confirmation page of a report (the first step; `moi.ts` renders it from the trail's form). */
export async function reportConfirmationPage(services: Pick<Services, 'citizen'>, req: Request): Promise<string> {
  const s = services.citizen;
  const ev = await findMyExchange(s.reports.pool, subjectRefsOf(req.principal), String(req.params.id));
  const consumerName = (await s.consent.labels.organisation(ev.consumer_siret)) ?? 'une administration';
  const message = typeof form(req).message === 'string' ? (form(req).message as string).slice(0, 2000) : '';
  return renderReportConfirmation(userOf(req), {
    exchangeId: ev.id,
    when: new Date(ev.occurred_at).toISOString(),
    consumerName,
    message,
  }).toString();
}
