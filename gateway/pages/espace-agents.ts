import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from '../http/access.js';
import { findOrganisations } from '../../catalog/index.js';
import { AGENT_NOTICES, renderAgentsHome, renderAgentsPage, type PageError } from '../../web/index.js';
import { ProblemError } from '../../schemas/index.js';
import type { Services } from '../compose.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });

function formBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** Checked boxes of a form: none, one (a string) or several (an array). */
function listOf(v: unknown): string[] {
  return v === undefined ? [] : ([] as unknown[]).concat(v).map(String);
}

function page(res: Response, status: number, body: { toString(): string }): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

function toPageError(err: unknown): PageError {
  if (!(err instanceof ProblemError)) throw err;
  return { title: err.title, detail: err.detail, errors: err.errors };
}

/** The administration space's pages where an organisation's admins manage its agents (French, DSFR). */
export function espaceAgentsRoutes(deps: AppDeps, services: Pick<Services, 'agents'>): RouteSpec[] {
  const { agents } = services;
  const admin: RouteAccess = { agent: ['admin'], scope: 'path:siret' };
  const anyAdmin: RouteAccess = { agent: ['admin'], scope: 'own-rows' };

  async function orgName(siret: string): Promise<string> {
    const [o] = await findOrganisations(deps.pool, [siret]);
    return o ? (o.acronym ?? o.name) : siret;
  }

  async function agentsPage(req: Request, res: Response, error?: PageError & { status?: number }): Promise<void> {
    const p = req.principal!;
    const siret = String(req.params.siret);
    const [list, history, name] = await Promise.all([agents.list(p, siret), agents.history(siret, 100), orgName(siret)]);
    const info = typeof req.query.info === 'string' && Object.hasOwn(AGENT_NOTICES, req.query.info) ? req.query.info : undefined;
    page(
      res,
      error ? (error.status ?? 422) : 200,
      renderAgentsPage({
        user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
        organisation: { siret, name },
        agents: list,
        history: history.map((h) => ({
          at: h.at,
          action: h.action,
          actor: h.actor.label,
          agent: h.agent.label,
          rolesBefore: h.rolesBefore,
          rolesAfter: h.rolesAfter,
        })),
        error,
        notice: error ? undefined : info,
      }),
    );
  }

  /** A form action: Post/Redirect/Get on success, the page again with the problem otherwise. */
  function action(run: (req: Request, siret: string) => Promise<string>): RouteSpec['handler'] {
    return async function agentsFormAction(req, res) {
      const siret = String(req.params.siret);
      try {
        const info = await run(req, siret);
        res.redirect(303, `/espace/organisations/${siret}/agents?info=${info}`);
      } catch (err) {
        const e = toPageError(err);
        await agentsPage(req, res, { ...e, status: err instanceof ProblemError ? err.status : 422 });
      }
    };
  }

  const route = (
    method: 'get' | 'post',
    path: string,
    operationId: string,
    summary: string,
    access: RouteAccess,
    handler: RouteSpec['handler'],
  ): RouteSpec => pageRoute(method, path, operationId, summary, access, handler, { form: parseForm });

  return [
    route('get', '/espace/agents', 'webEspaceAgentsHome', 'Organisations dont je suis administrateur', anyAdmin, async (req, res) => {
      const p = req.principal!;
      const sirets = p.memberships.filter((m) => m.roles.includes('admin')).map((m) => m.siret);
      if (sirets.length === 1) return res.redirect(303, `/espace/organisations/${sirets[0]}/agents`);
      const orgs = await findOrganisations(deps.pool, sirets);
      const names = new Map(orgs.map((o) => [o.siret, o.acronym ?? o.name]));
      page(
        res,
        200,
        renderAgentsHome({
          user: { name: p.name ?? p.sub, csrfToken: p.csrfToken },
          organisations: sirets.map((s) => ({ siret: s, name: names.get(s) ?? s })),
        }),
      );
    }),
    route(
      'get',
      '/espace/organisations/{siret}/agents',
      'webOrganisationAgents',
      'Agents de l’organisation, invitations, historique',
      admin,
      (req, res) => agentsPage(req, res),
    ),
    route(
      'post',
      '/espace/organisations/{siret}/agents',
      'webInviteAgent',
      'Inviter un agent',
      admin,
      action(async (req, siret) => {
        const b = formBody(req);
        await agents.invite(req.principal!, siret, { email: String(b.email ?? '').trim(), roles: listOf(b.roles) });
        return 'invite';
      }),
    ),
    route(
      'post',
      '/espace/organisations/{siret}/agents/{agentId}/roles',
      'webSetAgentRoles',
      'Définir les rôles d’un agent',
      admin,
      action(async (req, siret) => {
        const roles = listOf(formBody(req).roles);
        if (roles.length === 0)
          throw new ProblemError('client.validation_failed', {
            detail: 'Cochez au moins un rôle ; pour retirer l’agent, utilisez le bouton « Retirer ».',
            errors: [{ pointer: '/roles', detail: 'Cochez au moins un rôle ; pour retirer l’agent, utilisez le bouton « Retirer ».' }],
          });
        await agents.setRoles(req.principal!, siret, String(req.params.agentId), { roles });
        return 'roles';
      }),
    ),
    route(
      'post',
      '/espace/organisations/{siret}/agents/{agentId}/retirer',
      'webRemoveAgent',
      'Retirer un agent ou annuler son invitation',
      admin,
      action(async (req, siret) => {
        await agents.remove(req.principal!, siret, String(req.params.agentId));
        return 'retire';
      }),
    ),
  ];
}
