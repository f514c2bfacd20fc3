/**
 * The counter's pages (`/guichet`, French, DSFR; docs/architecture.md, "Counter"): the entry
 * point of the « Dites-le-nous une fois » principle, use cases, data needs with their answers,
 * and the operator's review. Public pages show published content; the forms are the agents',
 * guarded by each route's declaration, and the counter domain checks the organisation named.
 */
import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { OrgRole, Principal } from '../http/principal.js';
import { findOrganisations, getApi, listApis, listDataElements, PUBLIC_LIFECYCLES } from '../../catalog/index.js';
import {
  actsFor,
  answerNeed,
  createNeed,
  createUseCase,
  getNeed,
  getUseCase,
  isOperator,
  listNeeds,
  listNeedsToModerate,
  listUseCases,
  listUseCasesToModerate,
  moderateNeed,
  moderateUseCase,
  supportNeed,
  PRODUCER_ROLES,
} from '../../counter/index.js';
import {
  DEMO_LEGAL_INFO,
  GUICHET_NOTICES,
  renderGuichetHome,
  renderModerationPage,
  renderNeedForm,
  renderNeedList,
  renderNeedPage,
  renderUseCaseForm,
  renderUseCaseList,
  renderUseCasePage,
  type GuichetError,
  type GuichetUser,
} from '../../web/index.js';
import { ProblemError } from '../../schemas/index.js';
import type { Services } from '../compose.js';

const parseForm = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });
const PRODUCER_ORG_ROLES = PRODUCER_ROLES as OrgRole[];

function send(res: Response, status: number, body: { toString(): string }): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

function userOf(req: Request): GuichetUser | null {
  const p = req.principal;
  return p && p.via === 'session' ? { name: p.name ?? p.sub, csrfToken: p.csrfToken } : null;
}

function formBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function text(b: Record<string, unknown>, k: string): string {
  const v = b[k];
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
}

/** The non-empty posted fields among `keys` (an empty optional field is left out, not sent empty). */
function pick(b: Record<string, unknown>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, text(b, k)] as const).filter(([, v]) => v !== ''));
}

function lines(v: string): string[] {
  return [
    ...new Set(
      v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

function notice(req: Request): string | undefined {
  const info = req.query.info;
  return typeof info === 'string' && Object.hasOwn(GUICHET_NOTICES, info) ? info : undefined;
}

function toError(err: unknown): GuichetError {
  if (!(err instanceof ProblemError) || (err.status !== 422 && err.status !== 409 && err.status !== 400)) throw err;
  return { title: err.title, detail: err.detail, errors: err.errors };
}

export function guichetPageRoutes(deps: AppDeps, services: Pick<Services, 'counter'>): RouteSpec[] {
  const { ctx } = services.counter;

  async function names(sirets: (string | null)[]): Promise<Record<string, string>> {
    const orgs = await findOrganisations(deps.pool, [...new Set(sirets.filter((s): s is string => !!s))]);
    return Object.fromEntries(orgs.map((o) => [o.siret, o.acronym ?? o.name]));
  }

  /** The caller's organisations where they hold one of `roles`, with their names. */
  async function orgsOf(p: Principal | undefined, roles: string[] | 'any'): Promise<{ siret: string; name: string }[]> {
    const sirets = (p?.memberships ?? []).filter((m) => m.roles.some((r) => roles === 'any' || roles.includes(r))).map((m) => m.siret);
    const n = await names(sirets);
    return sirets.map((s) => ({ siret: s, name: n[s] ?? s }));
  }

  async function needPage(req: Request, res: Response, error?: GuichetError): Promise<void> {
    const p = req.principal;
    const need = await getNeed(ctx, p ?? null, String(req.params.id));
    const operator = isOperator(p);
    const answerOrgs = await orgsOf(p, PRODUCER_ROLES);
    const apis =
      operator || answerOrgs.length
        ? (await listApis(deps.pool, { lifecycles: ['published', 'deprecated'] })).filter(
            (a) => operator || answerOrgs.some((o) => o.siret === a.producerSiret),
          )
        : [];
    const answerApi = need.answer?.apiSlug ? await getApi(deps.pool, need.answer.apiSlug).catch(() => null) : null;
    const supportOrgs = (await orgsOf(p, 'any')).filter((o) => o.siret !== need.requesterSiret && !need.supporters.includes(o.siret));
    send(
      res,
      error ? 422 : 200,
      renderNeedPage({
        user: userOf(req),
        currentPath: req.originalUrl,
        need,
        orgNames: await names([need.requesterSiret, need.answer?.bySiret ?? null, ...need.supporters]),
        answerApiTitle: answerApi?.title ?? null,
        supportOrgs,
        answerOrgs,
        operator,
        answerApis: apis.map((a) => ({ slug: a.slug, title: a.title })),
        canRequest: need.answer?.kind === 'available' && actsFor(p, need.requesterSiret, ['applicant']),
        notice: error ? undefined : notice(req),
        error,
      }),
    );
  }

  async function needForm(req: Request, res: Response, error?: GuichetError): Promise<void> {
    const p = req.principal!;
    send(
      res,
      error ? 422 : 200,
      renderNeedForm({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken, email: p.email },
        organisations: await orgsOf(p, 'any'),
        values: error
          ? pick(formBody(req), [
              'organisationSiret',
              'title',
              'purpose',
              'legalBasis',
              'legalBasisUrl',
              'expectedVolume',
              'deadline',
              'notify',
              'notifyEmail',
            ])
          : undefined,
        error,
      }),
    );
  }

  async function useCaseForm(req: Request, res: Response, error?: GuichetError): Promise<void> {
    const p = req.principal!;
    const orgs = isOperator(p) ? await orgsOfDirectory() : await orgsOf(p, PRODUCER_ROLES);
    send(
      res,
      error ? 422 : 200,
      renderUseCaseForm({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
        organisations: orgs,
        apis: (await listApis(deps.pool, { lifecycles: PUBLIC_LIFECYCLES })).map((a) => ({ slug: a.slug, title: a.title })),
        values: error
          ? pick(formBody(req), [
              'organisationSiret',
              'title',
              'slug',
              'summary',
              'administrations',
              'legalBasis',
              'documentsBefore',
              'documentsAfter',
              'dataElements',
            ])
          : undefined,
        error,
      }),
    );
  }

  /** The producers of the catalogue, for the operator writing on one's behalf. */
  async function orgsOfDirectory(): Promise<{ siret: string; name: string }[]> {
    const apis = await listApis(deps.pool, { lifecycles: PUBLIC_LIFECYCLES });
    const n = await names(apis.map((a) => a.producerSiret));
    return Object.entries(n).map(([siret, name]) => ({ siret, name }));
  }

  async function moderationPage(req: Request, res: Response): Promise<void> {
    const p = req.principal!;
    const [useCases, needs] = await Promise.all([listUseCasesToModerate(ctx, p), listNeedsToModerate(ctx, p)]);
    send(
      res,
      200,
      renderModerationPage({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
        useCases,
        needs,
        orgNames: await names([...useCases.map((u) => u.authorSiret), ...needs.map((n) => n.requesterSiret)]),
        notice: notice(req),
      }),
    );
  }

  /** Runs a form action; a problem with the input shows the form again with it (422), anything else is thrown. */
  function formAction(
    run: (req: Request, res: Response) => Promise<void>,
    again: (req: Request, res: Response, e: GuichetError) => Promise<void>,
  ): RouteSpec['handler'] {
    return async function guichetFormAction(req, res) {
      try {
        await run(req, res);
      } catch (err) {
        await again(req, res, toError(err));
      }
    };
  }

  const page = (
    method: 'get' | 'post',
    path: string,
    operationId: string,
    summary: string,
    access: RouteAccess,
    handler: RouteSpec['handler'],
  ): RouteSpec => pageRoute(method, path, operationId, summary, access, handler, access === 'public' ? {} : { form: parseForm });

  const ANY_AGENT = { agent: 'any', scope: 'body-organisation' } satisfies RouteAccess;
  const PRODUCERS = { agent: PRODUCER_ORG_ROLES, scope: 'body-organisation', platform: ['admin'] } satisfies RouteAccess;
  const OPERATOR = { platform: ['admin'] } satisfies RouteAccess;

  return [
    page('get', '/guichet', 'webGuichet', 'Guichet « Dites-le-nous une fois »', 'public', async (req, res) => {
      const [apis, useCases, needs, time] = await Promise.all([
        listApis(deps.pool, { lifecycles: PUBLIC_LIFECYCLES }),
        listUseCases(ctx),
        listNeeds(ctx, null),
        services.counter.instructionTime(),
      ]);
      send(
        res,
        200,
        renderGuichetHome({
          user: userOf(req),
          currentPath: req.originalUrl,
          medianInstructionDays: time.medianDays,
          decisions: time.decisions,
          counts: { apis: apis.length, useCases: useCases.length, needs: needs.length },
          contact: { email: DEMO_LEGAL_INFO.contactEmail, dpoEmail: DEMO_LEGAL_INFO.dpoEmail },
        }),
      );
    }),
    page('get', '/guichet/cas-usage', 'webUseCases', 'Cas d’usage (recherche)', 'public', async (req, res) => {
      const q = (queryParam(req, 'q') ?? '').trim().slice(0, 200);
      const p = req.principal;
      send(
        res,
        200,
        renderUseCaseList({
          user: userOf(req),
          currentPath: req.originalUrl,
          q,
          useCases: await listUseCases(ctx, { q }),
          canWrite: isOperator(p) || (p?.memberships ?? []).some((m) => m.roles.some((r) => PRODUCER_ROLES.includes(r))),
          notice: notice(req),
        }),
      );
    }),
    page(
      'get',
      '/guichet/cas-usage/nouveau',
      'webUseCaseForm',
      'Proposer un cas d’usage',
      { agent: PRODUCER_ORG_ROLES, scope: 'own-rows', platform: ['admin'] },
      (req, res) => useCaseForm(req, res),
    ),
    page(
      'post',
      '/guichet/cas-usage',
      'webCreateUseCase',
      'Proposer un cas d’usage (envoi)',
      PRODUCERS,
      formAction(async (req, res) => {
        const b = formBody(req);
        const apiSlugs = b.apiSlugs === undefined ? [] : [...new Set(([] as unknown[]).concat(b.apiSlugs).map(String))];
        await createUseCase(ctx, req.principal!, {
          ...pick(b, ['organisationSiret', 'slug', 'title', 'summary', 'legalBasis']),
          administrations: lines(text(b, 'administrations')),
          documentsBefore: lines(text(b, 'documentsBefore')),
          documentsAfter: lines(text(b, 'documentsAfter')),
          apiSlugs,
          dataElements: lines(text(b, 'dataElements')),
        });
        res.redirect(303, '/guichet/cas-usage?info=cas');
      }, useCaseForm),
    ),
    page('get', '/guichet/cas-usage/{slug}', 'webUseCase', 'Un cas d’usage', 'public', async (req, res) => {
      const u = await getUseCase(ctx, req.principal ?? null, String(req.params.slug));
      const [apis, elements] = await Promise.all([
        Promise.all(u.apiSlugs.map((s) => getApi(deps.pool, s).catch(() => null))),
        listDataElements(deps.pool),
      ]);
      const shown = apis.filter((a) => a && PUBLIC_LIFECYCLES.includes(a.lifecycle)).map((a) => a!);
      const n = await names([u.authorSiret, ...shown.map((a) => a.producerSiret)]);
      const labels = new Map(elements.map((e) => [e.id, e.label]));
      send(
        res,
        200,
        renderUseCasePage({
          user: userOf(req),
          currentPath: req.originalUrl,
          useCase: u,
          apis: shown.map((a) => ({ slug: a.slug, title: a.title, producerName: n[a.producerSiret] ?? a.producerSiret })),
          dataElements: u.dataElements.filter((id) => labels.has(id)).map((id) => ({ id, label: labels.get(id)! })),
          authorName: n[u.authorSiret] ?? u.authorSiret,
        }),
      );
    }),
    page('get', '/guichet/besoins', 'webNeeds', 'Besoins de données', 'public', async (req, res) => {
      const p = req.principal;
      const needs = await listNeeds(ctx, p ?? null);
      send(
        res,
        200,
        renderNeedList({
          user: userOf(req),
          currentPath: req.originalUrl,
          needs,
          orgNames: await names(needs.map((n) => n.requesterSiret)),
          canDeclare: p?.kind === 'agent' && p.memberships.length > 0,
          notice: notice(req),
        }),
      );
    }),
    page(
      'get',
      '/guichet/besoins/nouveau',
      'webNeedForm',
      'Déclarer un besoin de données',
      { agent: 'any', scope: 'own-rows' },
      (req, res) => needForm(req, res),
    ),
    page(
      'post',
      '/guichet/besoins',
      'webCreateNeed',
      'Déclarer un besoin de données (envoi)',
      ANY_AGENT,
      formAction(async (req, res) => {
        const b = formBody(req);
        const fields = pick(b, ['organisationSiret', 'title', 'purpose', 'legalBasis', 'legalBasisUrl', 'expectedVolume', 'deadline']);
        const email = text(b, 'notify') === 'oui' ? text(b, 'notifyEmail') : '';
        const need = await createNeed(ctx, req.principal!, { ...fields, ...(email ? { notifyEmail: email } : {}) });
        res.redirect(303, `/guichet/besoins/${need.id}?info=besoin`);
      }, needForm),
    ),
    page('get', '/guichet/besoins/{id}', 'webNeed', 'Un besoin de données', 'public', (req, res) => needPage(req, res)),
    page(
      'post',
      '/guichet/besoins/{id}/soutien',
      'webSupportNeed',
      'Soutenir un besoin',
      ANY_AGENT,
      formAction(async (req, res) => {
        await supportNeed(ctx, req.principal!, String(req.params.id), pick(formBody(req), ['organisationSiret']));
        res.redirect(303, `/guichet/besoins/${String(req.params.id)}?info=soutien`);
      }, needPage),
    ),
    page(
      'post',
      '/guichet/besoins/{id}/reponse',
      'webAnswerNeed',
      'Répondre à un besoin',
      PRODUCERS,
      formAction(async (req, res) => {
        const b = pick(formBody(req), ['organisationSiret', 'kind', 'apiSlug', 'plannedFor', 'reason']);
        // Only what the chosen answer needs: the other fields of the form stay behind.
        const keep = { available: ['apiSlug'], planned: ['plannedFor'], not_possible: ['reason'] }[b.kind ?? ''] ?? [];
        const body = Object.fromEntries(Object.entries(b).filter(([k]) => k === 'organisationSiret' || k === 'kind' || keep.includes(k)));
        await answerNeed(ctx, req.principal!, String(req.params.id), body);
        res.redirect(303, `/guichet/besoins/${String(req.params.id)}?info=reponse`);
      }, needPage),
    ),
    page(
      'post',
      '/guichet/besoins/{id}/demande',
      'webRequestAccessFromNeed',
      'Transformer un besoin en demande d’habilitation',
      { agent: ['applicant'], scope: 'resource-party' },
      formAction(async (req, res) => {
        const r = await services.counter.requestAccessFromNeed(req.principal!, String(req.params.id));
        res.redirect(303, `/espace/habilitations/${r.contractId}${r.created ? '?info=cree' : ''}`);
      }, needPage),
    ),
    page('get', '/guichet/moderation', 'webCounterModeration', 'Relecture du guichet (opérateur)', OPERATOR, moderationPage),
    page('post', '/guichet/moderation/{kind}/{id}', 'webModerate', 'Publier ou refuser (opérateur)', OPERATOR, async (req, res) => {
      const b = pick(formBody(req), ['decision', 'note']);
      const id = String(req.params.id);
      if (req.params.kind === 'cas-usage') await moderateUseCase(ctx, req.principal!, id, b);
      else if (req.params.kind === 'besoin') await moderateNeed(ctx, req.principal!, id, b);
      else throw new ProblemError('client.not_found', { detail: 'Rien à relire à cette adresse.' });
      res.redirect(303, '/guichet/moderation?info=modere');
    }),
  ];
}
