/**
 * Two pages of `/espace` (Post/Redirect/Get; CSRF is checked for every session form by
 * identity's `requireCsrf`): a producer's settings of its APIs, and an agent's consent requests.
 * Both call the same use cases as the REST routes (`changeApiSettings`, `createConsentRequest`).
 */
import express, { type Request, type Response } from 'express';
import { findOrganisations, getApi, listApis, type Api } from '../../catalog/index.js';
import { createConsentRequest, listConsumerConsentRequests } from '../../consent/index.js';
import { ProblemError, hasPlatformRole } from '../../schemas/index.js';
import { renderApiSettingsPage, renderConsentRequestsPage, SETTINGS_NOTICES, type PageError } from '../../web/index.js';
import type { RouteAccess } from '../http/access.js';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import type { Services } from '../compose.js';
import { canManageApi } from '../services/catalog-access.js';
import { changeApiSettings } from '../services/api-settings.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const REDIRECT = { '303': { description: 'Retour à la page, avec un message', contentType: 'text/html' } };
const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 30 });
const SLUG = /^[a-z0-9-]{1,64}$/;

const API_MANAGERS: RouteAccess = { agent: ['admin', 'instructor'], scope: 'own-rows', platform: ['admin'] };
const API_MANAGER: RouteAccess = { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] };
const APPLICANTS: RouteAccess = { agent: ['applicant'], scope: 'own-rows' };
const APPLICANT_FOR_BODY: RouteAccess = { agent: ['applicant'], scope: 'body-organisation' };

function send(res: Response, body: { toString(): string }, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

function form(req: Request): Record<string, string> {
  const b: unknown = req.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return {};
  return Object.fromEntries(Object.entries(b as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function noticeOf(req: Request): string | undefined {
  const info = req.query.info;
  return typeof info === 'string' && Object.hasOwn(SETTINGS_NOTICES, info) ? info : undefined;
}

function pageError(err: unknown): PageError {
  if (!(err instanceof ProblemError) || err.status >= 500) throw err;
  return { title: err.title, detail: err.detail, errors: err.errors };
}

/** The last value of a checkbox posted with its hidden « false » companion. */
function checkbox(v: unknown): unknown {
  const last = Array.isArray(v) ? v.at(-1) : v;
  return last === 'true' ? true : last === 'false' ? false : last;
}

/** The settings form as the catalogue's patch (values the schema checks, in French). */
function settingsPatch(req: Request): Record<string, unknown> {
  const b = (req.body ?? {}) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const k of ['access', 'sensitivity', 'consentPolicy'] as const) if (b[k] !== undefined) patch[k] = b[k];
  if (b.proactive !== undefined) patch.proactive = checkbox(b.proactive);
  // Retention in days: both empty = the platform default; a non-number is left for the schema to refuse in French.
  if (b.retentionMinDays !== undefined || b.retentionMaxDays !== undefined) {
    const day = (v: unknown) => (typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : v);
    patch.retention =
      !b.retentionMinDays && !b.retentionMaxDays ? null : { minDays: day(b.retentionMinDays), maxDays: day(b.retentionMaxDays) };
  }
  return patch;
}

/** The consent-request form as the domain's body (`consent-request.json`). */
function consentBody(v: Record<string, string>): Record<string, unknown> {
  const pivot: Record<string, unknown> = {
    family_name: v.family_name ?? '',
    given_name: v.given_name ?? '',
    birthdate: v.birthdate ?? '',
    gender: v.gender ?? '',
    birthcountry: v.birthcountry ?? '',
  };
  if (v.birthplace) pivot.birthplace = v.birthplace;
  const days = v.durationDays ?? '';
  return {
    consumerSiret: v.consumerSiret ?? '',
    apiSlug: v.apiSlug ?? '',
    subject: { kind: 'person', pivot },
    purpose: v.purpose ?? '',
    durationDays: /^\d{1,6}$/.test(days) ? Number(days) : days,
  };
}

export function espaceSettingsRoutes(deps: AppDeps, services: Pick<Services, 'consent'>): RouteSpec[] {
  const user = (req: Request) => ({ name: req.principal!.name ?? req.principal!.sub, csrfToken: req.principal!.csrfToken });

  async function names(sirets: string[]): Promise<Map<string, string>> {
    return new Map((await findOrganisations(deps.pool, [...new Set(sirets)])).map((o) => [o.siret, o.acronym ?? o.name]));
  }

  async function settingsPage(req: Request, res: Response, error?: PageError & { slug: string }): Promise<void> {
    const p = req.principal!;
    const apis = (await listApis(deps.pool)).filter((a) => a.lifecycle !== 'retired' && canManageApi(p, a.producerSiret));
    const n = await names(apis.map((a) => a.producerSiret));
    send(
      res,
      renderApiSettingsPage({
        user: user(req),
        apis: apis.map((a: Api) => ({
          slug: a.slug,
          title: a.title,
          producerName: n.get(a.producerSiret) ?? a.producerSiret,
          access: a.access,
          sensitivity: a.sensitivity,
          consentPolicy: a.consentPolicy,
          subjectKind: a.subjectKind,
          proactive: a.proactive,
          retention: a.retention,
        })),
        platformRetention: { minDays: deps.config.LEDGER_RETENTION_MIN_DAYS, maxDays: deps.config.LEDGER_RETENTION_MAX_DAYS },
        notice: error ? undefined : noticeOf(req),
        error,
      }),
      error ? 422 : 200,
    );
  }

  async function consentPage(req: Request, res: Response, error?: PageError, values?: Record<string, string>): Promise<void> {
    const p = req.principal!;
    const sirets = p.memberships.filter((m) => m.roles.includes('applicant')).map((m) => m.siret);
    const apis = (await listApis(deps.pool)).filter(
      (a) =>
        a.consentPolicy === 'consent_required' &&
        a.subjectKind === 'person' &&
        (a.lifecycle === 'published' || a.lifecycle === 'deprecated'),
    );
    const requests = await listConsumerConsentRequests(services.consent.ctx, sirets);
    const n = await names(sirets);
    const titles = new Map((await listApis(deps.pool)).map((a) => [a.slug, a.title]));
    send(
      res,
      renderConsentRequestsPage({
        user: user(req),
        orgs: sirets.map((s) => ({ siret: s, name: n.get(s) ?? s })),
        apis: apis.map((a) => ({ slug: a.slug, title: a.title })),
        requests: requests.map((r) => ({
          id: r.id,
          consumerName: n.get(r.consumerSiret) ?? r.consumerSiret,
          apiTitle: titles.get(r.apiSlug) ?? r.apiSlug,
          purpose: r.purpose,
          status: r.status,
          createdAt: r.createdAt,
          expiresAt: r.expiresAt,
          decidedAt: r.decidedAt,
        })),
        notice: error ? undefined : noticeOf(req),
        error,
        values,
      }),
      error ? 422 : 200,
    );
  }

  const page = (
    method: 'get' | 'post',
    path: string,
    operationId: string,
    summary: string,
    access: RouteAccess,
    handler: RouteSpec['handler'],
  ): RouteSpec =>
    pageRoute(method, path, operationId, summary, access, handler, {
      form: parseForm,
      ...(method === 'post' ? { responses: { ...REDIRECT, '422': HTML['200'] } } : {}),
    });

  return [
    page(
      'get',
      '/espace/apis',
      'webApiSettings',
      'Réglages des API du producteur (accès, sensibilité, consentement)',
      API_MANAGERS,
      (req, res) => settingsPage(req, res),
    ),
    page(
      'post',
      '/espace/apis/{slug}/reglages',
      'webApiSettingsSave',
      'Enregistrer les réglages d’une API (tracé dans le journal)',
      API_MANAGER,
      async (req, res) => {
        const slug = String(req.params.slug);
        const p = req.principal!;
        const api = SLUG.test(slug) ? await getApi(deps.pool, slug).catch(() => null) : null;
        // An API the agent does not manage is answered like an unknown one (no oracle).
        if (!api || (!canManageApi(p, api.producerSiret) && !hasPlatformRole(p, 'admin')))
          throw new ProblemError('client.not_found', { detail: 'API introuvable parmi celles que vous gérez.' });
        try {
          await changeApiSettings(deps, p, slug, settingsPatch(req));
        } catch (err) {
          return settingsPage(req, res, { ...pageError(err), slug });
        }
        res.redirect(303, `/espace/apis?info=reglages#api-${slug}`);
      },
    ),
    page('get', '/espace/consentements', 'webConsentRequests', 'Demandes de consentement de mes organisations', APPLICANTS, (req, res) =>
      consentPage(req, res),
    ),
    page(
      'post',
      '/espace/consentements',
      'webConsentRequestCreate',
      'Demander son consentement à une personne',
      APPLICANT_FOR_BODY,
      async (req, res) => {
        const p = req.principal!;
        const values = form(req);
        const sirets = p.memberships.filter((m) => m.roles.includes('applicant')).map((m) => m.siret);
        // Another organisation is refused before the form is even read (never merely « invalid »).
        if (!values.consumerSiret || !sirets.includes(values.consumerSiret))
          throw new ProblemError('client.forbidden', { detail: 'Vous n’agissez pas pour cette organisation.' });
        try {
          await createConsentRequest(services.consent.ctx, {
            body: consentBody(values),
            subjectSecret: deps.config.SUBJECT_HMAC_SECRET,
            authorisedSirets: sirets,
            actor: { kind: 'agent', id: p.sub, ...(values.consumerSiret ? { organisationSiret: values.consumerSiret } : {}) },
          });
        } catch (err) {
          return consentPage(req, res, pageError(err), values);
        }
        res.redirect(303, '/espace/consentements?info=consentement-demande#envoyees');
      },
    ),
  ];
}
