/**
 * /espace/delegations (docs/architecture.md, "Delegations"): the page and its forms over the same
 * domain functions as /v1/delegations and /v1/editors/{siret}/clients (the domain checks the
 * roles: the consumer's admin grants, the editor's admin accepts and manages its credentials,
 * either ends). Post/Redirect/Get; a new secret is shown once from a one-time flash.
 */
import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from '../http/access.js';
import { findOrganisations } from '../../catalog/index.js';
import {
  acceptDelegation,
  createEditorClient,
  endDelegation,
  grantDelegation,
  listContracts,
  listDelegations,
  listEditorClients,
  revokeEditorClient,
  rotateEditorSecret,
} from '../../contracts/index.js';
import { renderDelegationsPage, type PageError } from '../../web/index.js';
import { ProblemError } from '../../schemas/index.js';
import type { Services } from '../compose.js';
import { SecretFlash } from './espace.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const FLASH_KEY = 'editeur';

function form(req: Request): Record<string, string> {
  const b: unknown = req.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return {};
  return Object.fromEntries(Object.entries(b as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function delegationPageRoutes(deps: AppDeps, services: Pick<Services, 'contracts'>): RouteSpec[] {
  const { ctx } = services.contracts;
  const flash = new SecretFlash();
  const sessionKey = (req: Request): string => `${req.principal!.sub}\u0000${req.principal!.csrfToken ?? ''}`;
  // Signed-in agents; the domain decides what each may do (contracts/delegations.ts).
  const access: RouteAccess = { agent: 'any', scope: 'own-rows', platform: ['admin', 'auditor'] };

  async function show(req: Request, res: Response, error?: PageError): Promise<void> {
    const p = req.principal!;
    const adminOf = p.memberships.filter((m) => m.roles.includes('admin')).map((m) => m.siret);
    const delegations = await listDelegations(ctx, p);
    const contracts = adminOf.length ? await listContracts(ctx, p, { side: 'consumer' }) : [];
    const delegable = contracts.filter((c) => c.status === 'active' && adminOf.includes(c.consumerSiret));
    const orgs = await findOrganisations(deps.pool, [
      ...new Set([...delegations.flatMap((d) => [d.consumerSiret, d.editorSiret]), ...adminOf, ...delegable.map((c) => c.consumerSiret)]),
    ]);
    const names = Object.fromEntries(orgs.map((o) => [o.siret, o.acronym ?? o.name]));
    const editorSirets = orgs.filter((o) => o.kind === 'editor' && adminOf.includes(o.siret)).map((o) => o.siret);
    const editors = await Promise.all(editorSirets.map(async (siret) => ({ siret, clients: await listEditorClients(ctx, p, siret) })));
    const info = typeof req.query.info === 'string' ? req.query.info : undefined;
    res
      .status(error ? 422 : 200)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        renderDelegationsPage({
          user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
          names,
          delegations,
          adminOf,
          delegable: delegable.map((c) => ({ id: c.id, label: `${c.apiSlug} — ${names[c.consumerSiret] ?? c.consumerSiret}` })),
          editors,
          issued: req.method === 'GET' && info === 'identifiants' ? flash.take(sessionKey(req), FLASH_KEY) : null,
          notice: info,
          error,
        }).toString(),
      );
  }

  /** Runs a form action; a refusal is shown on the page, anything else goes to the problem handler. */
  const act =
    (run: (req: Request) => Promise<string>): RouteSpec['handler'] =>
    async (req, res) => {
      let info: string;
      try {
        info = await run(req);
      } catch (err) {
        if (!(err instanceof ProblemError) || err.status >= 500) throw err;
        if (err.status === 404 || err.code === 'client.forbidden') throw err;
        return show(req, res, { title: err.title, detail: err.detail, errors: err.errors });
      }
      res.redirect(303, `/espace/delegations?info=${info}`);
    };

  const route = (method: 'get' | 'post', path: string, operationId: string, summary: string, handler: RouteSpec['handler']): RouteSpec =>
    pageRoute(method, path, operationId, summary, access, handler, { form: parseForm });

  return [
    route('get', '/espace/delegations', 'webDelegations', 'Délégations à des éditeurs', (req, res) => show(req, res)),
    route(
      'post',
      '/espace/delegations',
      'webGrantDelegation',
      'Accorder une délégation',
      act(async (req) => {
        const f = form(req);
        await grantDelegation(ctx, req.principal!, {
          contractId: f.contractId ?? '',
          editorSiret: (f.editorSiret ?? '').replace(/\s/g, ''),
          software: f.software ?? '',
          ...(f.declaredVolume ? { declaredVolume: Number(f.declaredVolume) } : {}),
        });
        return 'accordee';
      }),
    ),
    route(
      'post',
      '/espace/delegations/{id}/accepter',
      'webAcceptDelegation',
      'Accepter une délégation',
      act(async (req) => {
        await acceptDelegation(ctx, req.principal!, String(req.params.id));
        return 'acceptee';
      }),
    ),
    route(
      'post',
      '/espace/delegations/{id}/terminer',
      'webEndDelegation',
      'Mettre fin à une délégation',
      act(async (req) => {
        await endDelegation(ctx, req.principal!, String(req.params.id));
        return 'terminee';
      }),
    ),
    route(
      'post',
      '/espace/editeurs/{siret}/identifiants',
      'webCreateEditorClient',
      'Obtenir les identifiants de l’éditeur',
      act(async (req) => {
        const f = form(req);
        const ranges = (f.ip_allowlist ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const issued = await createEditorClient(ctx, req.principal!, String(req.params.siret), {
          token_endpoint_auth_method: f.token_endpoint_auth_method ?? 'client_secret_basic',
          ...(ranges.length ? { ip_allowlist: ranges } : {}),
        });
        flash.put(sessionKey(req), FLASH_KEY, issued);
        return 'identifiants';
      }),
    ),
    route(
      'post',
      '/espace/editeurs/{siret}/identifiants/{clientId}/renouveler',
      'webRotateEditorSecret',
      'Renouveler le secret de l’éditeur',
      act(async (req) => {
        flash.put(
          sessionKey(req),
          FLASH_KEY,
          await rotateEditorSecret(ctx, req.principal!, String(req.params.siret), String(req.params.clientId)),
        );
        return 'identifiants';
      }),
    ),
    route(
      'post',
      '/espace/editeurs/{siret}/identifiants/{clientId}/revoquer',
      'webRevokeEditorClient',
      'Révoquer les identifiants de l’éditeur',
      act(async (req) => {
        await revokeEditorClient(ctx, req.principal!, String(req.params.siret), String(req.params.clientId));
        return 'revoque';
      }),
    ),
  ];
}
