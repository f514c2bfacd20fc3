import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import { hasOrgRole, type Principal } from '../http/principal.js';
import type { RouteAccess } from '../http/access.js';
import { findOrganisations, listApis, listScopes, getApi } from '../../catalog/index.js';
import {
  approveHabilitationRequest,
  changeContractStatus,
  createContractClient,
  createHabilitationRequest,
  getContract,
  listContractClients,
  listContractEvents,
  listContracts,
  refuseHabilitationRequest,
  reopenContract,
  requestChanges,
  revokeContractClient,
  rotateClientSecret,
  submitHabilitationRequest,
  updateHabilitationRequest,
  type ContractView,
} from '../../contracts/index.js';
import {
  renderContractPage,
  renderCredentialsFlash,
  renderEspacePage,
  NOTICES,
  type IssuedFlash,
  type PageError,
} from '../../web/index.js';
import { ProblemError } from '../../schemas/index.js';
import type { Services } from '../compose.js';
import { formPatch } from './espace-form.js';

const parseForm = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

/** The posted form, or an empty one when the request had no (or no form) body. */
function formBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function page(res: Response, status: number, body: { toString(): string }): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

/** The success notice asked by `?info=` after a redirect, if it is one of ours. */
function noticeOf(req: Request): string | undefined {
  const info = req.query.info;
  return typeof info === 'string' && Object.hasOwn(NOTICES, info) ? info : undefined;
}

/** How long a new secret waits for its one display (the redirect is followed at once). */
const FLASH_TTL_MS = 10 * 60_000;

/**
 * One-time flashes of issued secrets, per session and contract: set by the POST, taken (and
 * deleted) by the GET it redirects to, so reloading shows no secret and issues nothing. Held in
 * this process's memory only, never stored: behind several gateways without session affinity
 * the page says the secret was already shown, and the agent renews it.
 */
export class SecretFlash {
  private readonly items = new Map<string, { issued: IssuedFlash; until: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  put(session: string, contractId: string, issued: IssuedFlash): void {
    const t = this.now();
    for (const [k, v] of this.items) if (v.until <= t) this.items.delete(k);
    this.items.set(`${session}\u0000${contractId}`, { issued, until: t + FLASH_TTL_MS });
  }
  take(session: string, contractId: string): IssuedFlash | null {
    const key = `${session}\u0000${contractId}`;
    const item = this.items.get(key);
    this.items.delete(key);
    return item && item.until > this.now() ? item.issued : null;
  }
}

function toPageError(err: unknown): PageError {
  if (!(err instanceof ProblemError)) throw err;
  return { title: err.title, detail: err.detail, errors: err.errors };
}

/** The administration space's pages on contracts (French, DSFR): dashboard, request, instruction, credentials. */
export function espaceRoutes(deps: AppDeps, services: Pick<Services, 'contracts'>): RouteSpec[] {
  const { ctx, as } = services.contracts;
  const flash = new SecretFlash();
  /** The flash key of the signed-in session (its CSRF token is unique to it). */
  const sessionKey = (req: Request): string => `${req.principal!.sub}\u0000${req.principal!.csrfToken ?? ''}`;

  async function orgNames(sirets: string[]): Promise<Record<string, string>> {
    const orgs = await findOrganisations(deps.pool, [...new Set(sirets)]);
    return Object.fromEntries(orgs.map((o) => [o.siret, o.acronym ?? o.name]));
  }

  async function dashboard(req: Request, res: Response, error?: PageError): Promise<void> {
    const p = req.principal!;
    const all = await listContracts(ctx, p, { side: 'any' });
    const applicantSirets = p.memberships.filter((m) => m.roles.includes('applicant')).map((m) => m.siret);
    const mine = all.filter((c) => p.memberships.some((m) => m.siret === c.consumerSiret));
    const queue = all.filter((c) =>
      p.memberships.some((m) => m.siret === c.producerSiret && (m.roles.includes('instructor') || m.roles.includes('dpo'))),
    );
    const apis = (await listApis(deps.pool)).filter((a) => a.access === 'restricted' && a.lifecycle !== 'retired');
    const names = await orgNames([
      ...all.flatMap((c) => [c.consumerSiret, c.producerSiret]),
      ...apis.map((a) => a.producerSiret),
      ...applicantSirets,
    ]);
    const api =
      typeof req.query.api === 'string'
        ? req.query.api
        : typeof formBody(req).apiSlug === 'string'
          ? String(formBody(req).apiSlug)
          : undefined;
    page(
      res,
      error ? 422 : 200,
      renderEspacePage({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
        mine,
        queue,
        orgNames: names,
        error,
        notice: error ? undefined : noticeOf(req),
        preselectedApi: api && apis.some((a) => a.slug === api) ? api : undefined,
        apis: apis.map((a) => ({ slug: a.slug, title: a.title, producerName: names[a.producerSiret] ?? a.producerSiret })),
        applicantOrgs: applicantSirets.map((s) => ({ siret: s, name: names[s] ?? s })),
        managesApis:
          p.platformRoles.includes('admin') || p.memberships.some((m) => m.roles.includes('admin') || m.roles.includes('instructor')),
        manageAgents: p.memberships.some((m) => m.roles.includes('admin')),
      }),
    );
  }

  function can(
    p: Principal,
    c: ContractView,
  ): { edit: boolean; instruct: boolean; secondApproval: boolean; manage: boolean; credentials: boolean; reopen: boolean } {
    const open = c.versions.find((v) => v.version === c.openVersion);
    const applicant = hasOrgRole(p, c.consumerSiret, 'applicant');
    const instructor = hasOrgRole(p, c.producerSiret, 'instructor');
    const dpo = hasOrgRole(p, c.producerSiret, 'dpo');
    const inForce = c.status === 'active' || c.status === 'suspended';
    return {
      edit: applicant && !!open && (open.status === 'draft' || open.status === 'changes_requested'),
      instruct: instructor && open?.status === 'submitted' && !open.awaitingSecondApproval,
      secondApproval: dpo && open?.status === 'submitted' && open.awaitingSecondApproval && open.firstApproval?.sub !== p.sub,
      manage: (instructor || dpo) && inForce,
      credentials: applicant && c.status === 'active',
      reopen: applicant && inForce && !open,
    };
  }

  async function contractPage(req: Request, res: Response, error?: PageError): Promise<void> {
    const p = req.principal!;
    const c = await getContract(ctx, p, String(req.params.id));
    const [events, clients, api, scopes, names] = await Promise.all([
      listContractEvents(ctx, p, c.id),
      listContractClients(ctx, p, c.id),
      getApi(deps.pool, c.apiSlug),
      listScopes(deps.pool, c.apiSlug),
      orgNames([c.consumerSiret, c.producerSiret]),
    ]);
    page(
      res,
      error ? 422 : 200,
      renderContractPage({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
        contract: c,
        events,
        clients,
        apiTitle: api.title,
        orgNames: names,
        error,
        notice: error ? undefined : noticeOf(req),
        scopes: scopes.map((s) => ({ name: s.name, label: s.label })),
        can: can(p, c),
      }),
    );
  }

  /** Runs a form action; on a problem, the page is shown again with the problem above it. */
  function formAction(
    run: (req: Request, res: Response) => Promise<void>,
    again: (req: Request, res: Response, e: PageError) => Promise<void>,
  ): RouteSpec['handler'] {
    return async function espaceFormAction(req, res) {
      try {
        await run(req, res);
      } catch (err) {
        await again(req, res, toPageError(err));
      }
    };
  }

  // Agents see their organisations' requests and queues; platform staff read every contract
  // (the domain's own rule, contracts/access.ts); citizens have /moi.
  const access: RouteAccess = { agent: 'any', scope: 'own-rows', platform: ['admin', 'auditor'] };
  const route = (method: 'get' | 'post', path: string, operationId: string, summary: string, handler: RouteSpec['handler']): RouteSpec =>
    pageRoute(method, path, operationId, summary, access, handler, { form: parseForm });

  return [
    route('get', '/espace', 'webEspace', 'Espace administrations : mes demandes, file d’instruction', (req, res) => dashboard(req, res)),
    route(
      'post',
      '/espace/habilitations',
      'webCreateRequest',
      'Nouvelle demande',
      formAction(async (req, res) => {
        const b = formBody(req);
        const c = await createHabilitationRequest(ctx, req.principal!, {
          apiSlug: String(b.apiSlug ?? ''),
          consumerSiret: String(b.consumerSiret ?? ''),
        });
        res.redirect(303, `/espace/habilitations/${c.id}?info=cree`);
      }, dashboard),
    ),
    route('get', '/espace/habilitations/{id}', 'webContract', 'Une demande et son contrat', (req, res) => contractPage(req, res)),
    route(
      'post',
      '/espace/habilitations/{id}/enregistrer',
      'webSaveRequest',
      'Enregistrer ou soumettre la demande',
      formAction(async (req, res) => {
        const id = String(req.params.id);
        await updateHabilitationRequest(ctx, req.principal!, id, formPatch(formBody(req)));
        const submit = formBody(req).intent === 'submit';
        if (submit) await submitHabilitationRequest(ctx, req.principal!, id);
        res.redirect(303, `/espace/habilitations/${id}?info=${submit ? 'soumis' : 'enregistre'}`);
      }, contractPage),
    ),
    route(
      'post',
      '/espace/habilitations/{id}/decision',
      'webDecide',
      'Instruire ou gérer le contrat',
      formAction(async (req, res) => {
        const id = String(req.params.id);
        const b = formBody(req);
        const reason = typeof b.reason === 'string' && b.reason.trim() ? b.reason : undefined;
        const p = req.principal!;
        const scopes = b.scopes === undefined ? [] : ([] as string[]).concat(b.scopes as string | string[]);
        switch (b.action) {
          case 'approve': {
            const current = await getContract(ctx, p, id);
            const awaiting = current.versions.some((v) => v.awaitingSecondApproval);
            const validUntil = typeof b.validUntil === 'string' && b.validUntil ? b.validUntil : undefined;
            await approveHabilitationRequest(ctx, p, id, awaiting ? { reason } : { scopes, validUntil, reason });
            break;
          }
          case 'request_changes':
            await requestChanges(ctx, p, id, { reason });
            break;
          case 'refuse':
            await refuseHabilitationRequest(ctx, p, id, { reason });
            break;
          case 'suspend':
          case 'resume':
          case 'revoke':
            await changeContractStatus(ctx, p, id, b.action, reason);
            break;
          case 'reopen':
            await reopenContract(ctx, p, id);
            break;
          default:
            throw new ProblemError('client.invalid_request', { detail: 'Action inconnue.' });
        }
        res.redirect(303, `/espace/habilitations/${id}?info=decision`);
      }, contractPage),
    ),
    route(
      'post',
      '/espace/habilitations/{id}/identifiants',
      'webIssueCredentials',
      'Obtenir des identifiants',
      formAction(async (req, res) => {
        const id = String(req.params.id);
        const b = formBody(req);
        let jwks: unknown;
        if (b.token_endpoint_auth_method === 'private_key_jwt') {
          try {
            jwks = JSON.parse(String(b.jwks ?? ''));
          } catch {
            throw new ProblemError('client.validation_failed', {
              detail: 'Le JWKS doit être un document JSON.',
              errors: [{ pointer: '/jwks', detail: 'JSON invalide' }],
            });
          }
        }
        const issued = await createContractClient(ctx, req.principal!, id, {
          token_endpoint_auth_method: b.token_endpoint_auth_method,
          ...(jwks ? { jwks } : {}),
        });
        flash.put(sessionKey(req), id, issued);
        res.set('Cache-Control', 'no-store').redirect(303, `/espace/habilitations/${id}/identifiants/nouveaux`);
      }, contractPage),
    ),
    // The secret, once (POST-redirect-GET): a reload or the back button shows no secret and issues nothing.
    route(
      'get',
      '/espace/habilitations/{id}/identifiants/nouveaux',
      'webCredentialsIssued',
      'Identifiants délivrés (affichés une fois)',
      async (req, res) => {
        const id = String(req.params.id);
        await getContract(ctx, req.principal!, id); // the contract exists and this person may read it
        const p = req.principal!;
        page(
          res,
          200,
          renderCredentialsFlash(
            { name: p.name ?? p.sub, csrfToken: p.csrfToken },
            id,
            flash.take(sessionKey(req), id),
            `${as.issuer}/oauth/token`,
          ),
        );
      },
    ),
    route(
      'post',
      '/espace/habilitations/{id}/identifiants/{clientId}/renouveler',
      'webRotateSecret',
      'Renouveler le secret d’identifiants',
      formAction(async (req, res) => {
        const id = String(req.params.id);
        const issued = await rotateClientSecret(ctx, req.principal!, id, String(req.params.clientId));
        flash.put(sessionKey(req), id, issued);
        res.set('Cache-Control', 'no-store').redirect(303, `/espace/habilitations/${id}/identifiants/nouveaux`);
      }, contractPage),
    ),
    route(
      'post',
      '/espace/habilitations/{id}/identifiants/{clientId}/revoquer',
      'webRevokeClient',
      'Révoquer des identifiants',
      formAction(async (req, res) => {
        const id = String(req.params.id);
        await revokeContractClient(ctx, req.principal!, id, String(req.params.clientId));
        res.redirect(303, `/espace/habilitations/${id}?info=revoque#identifiants`);
      }, contractPage),
    ),
  ];
}
