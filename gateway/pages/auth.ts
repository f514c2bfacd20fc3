import type { Request, Response } from 'express';
import { ProblemError } from '../../schemas/index.js';
import { renderLoginPage, safeReturnPath as pageReturnPath } from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import { problemResponse, type RouteSpec } from '../http/route.js';
import type { Identity } from '../../identity/index.js';
import {
  requireCsrf,
  SESSION_COOKIE,
  beginLogin,
  completeLogin,
  safeReturnPath,
  clearCookie,
  LOGIN_COOKIE,
  readCookie,
  setCookie,
  type LoginKind,
} from '../../identity/index.js';
import { interactionRoutes } from './idp-interaction.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const FLOW_COOKIE_PATH = '/auth';

const SESSION_SCHEMA = {
  type: 'object',
  required: ['authenticated'],
  additionalProperties: false,
  properties: {
    authenticated: { type: 'boolean' },
    kind: { enum: ['agent', 'citizen', 'service'] },
    via: { enum: ['session', 'bearer', 'static-token'] },
    sub: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    issuer: { type: 'string' },
    memberships: {
      type: 'array',
      items: { type: 'object', properties: { siret: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } },
    },
    platformRoles: { type: 'array', items: { type: 'string' } },
    subjectRef: { type: 'string', description: 'subject_ref du citoyen connecté' },
    company: { type: 'object', properties: { siren: { type: 'string' }, subjectRef: { type: 'string' } } },
    csrfToken: {
      type: 'string',
      description: 'À renvoyer dans X-CSRF-Token (ou le champ _csrf) pour toute requête non sûre authentifiée par le cookie de session',
    },
  },
};

/** What happens at an agent's login besides the session (binding the invitations of their organisation). */
export type AgentLoginHook = (login: {
  issuer: string;
  sub: string;
  email: string | null;
  siret: string | null;
  name: string | null;
}) => Promise<void>;

function loginRoutes(deps: AppDeps, identity: Identity, kind: LoginKind, onAgentLogin?: AgentLoginHook): RouteSpec[] {
  const who = kind === 'agent' ? 'agent (ProConnect)' : 'citoyen (FranceConnect)';
  const fallback = kind === 'agent' ? '/espace' : '/moi';
  const secure = identity.settings.secureCookies;
  const rpOrFail = () => {
    const rp = identity.relyingParty(kind);
    if (!rp) throw new ProblemError('gateway.misconfigured', { detail: `Connexion ${who} non configurée.` });
    return rp;
  };
  return [
    {
      method: 'get',
      path: `/auth/${kind}/login`,
      operationId: `${kind}Login`,
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: `Connexion ${who} : redirection vers le fournisseur d’identité`,
      responses: { '302': { description: 'Vers le fournisseur', contentType: 'text/html' } },
      handler: async (req, res) => {
        const { flowId, url } = await beginLogin(deps.pool, deps.clock, rpOrFail(), safeReturnPath(req.query.retour, fallback));
        setCookie(res, LOGIN_COOKIE, flowId, { secure, maxAgeSeconds: 600, path: FLOW_COOKIE_PATH });
        res.set('Cache-Control', 'no-store').redirect(302, url.href);
      },
    },
    {
      method: 'get',
      path: `/auth/${kind}/callback`,
      operationId: `${kind}LoginCallback`,
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: `Connexion ${who} : retour du fournisseur d’identité`,
      responses: { '303': { description: 'Session ouverte', contentType: 'text/html' } },
      handler: async (req, res) => {
        const rp = rpOrFail();
        const callbackUrl = new URL(rp.settings.redirectUri);
        callbackUrl.search = new URL(req.originalUrl, 'http://x').search;
        clearCookie(res, LOGIN_COOKIE, { secure, path: FLOW_COOKIE_PATH });
        const done = await completeLogin({
          pool: deps.pool,
          clock: deps.clock,
          rp,
          flowId: readCookie(req, LOGIN_COOKIE),
          callbackUrl,
          subjectSecret: identity.settings.subjectSecret,
        });
        if (kind === 'agent' && onAgentLogin)
          await onAgentLogin({
            issuer: identity.membershipIssuer(done.issuer),
            sub: done.principal.sub,
            email: done.principal.email ?? null,
            siret: done.organisationSiret,
            name: done.principal.name ?? null,
          });
        await rotateSession(identity, req, res, {
          kind,
          issuer: done.issuer,
          sub: done.principal.sub,
          principal: { ...done.principal, idToken: done.idToken },
        });
        res.set('Cache-Control', 'no-store').redirect(303, done.returnTo);
      },
    },
  ];
}

/** Ends any previous session of this browser and opens a new one (new id on every login). */
async function rotateSession(
  identity: Identity,
  req: Request,
  res: Response,
  data: Parameters<Identity['sessions']['create']>[0],
): Promise<void> {
  const previous = readCookie(req, SESSION_COOKIE);
  if (previous) await identity.sessions.destroy(previous);
  const s = await identity.sessions.create(data);
  setCookie(res, SESSION_COOKIE, s.id, {
    secure: identity.settings.secureCookies,
    maxAgeSeconds: identity.settings.sessionTtlSeconds,
    path: '/',
  });
}

function logoutRoute(identity: Identity): RouteSpec {
  return {
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    tags: ['identité'],
    security: ['session'],
    access: 'session',
    summary: 'Se déconnecter (ferme la session ; jeton anti-CSRF requis)',
    description:
      'Supprime la session côté serveur et le cookie `dp_session`, puis redirige (303) vers la déconnexion du fournisseur d’identité, ou vers l’accueil.',
    requestBody: {
      required: false,
      contentType: 'application/x-www-form-urlencoded',
      schema: { type: 'object', properties: { _csrf: { type: 'string' } } },
    },
    responses: {
      '303': { description: 'Déconnecté' },
      '401': problemResponse('Pas de session'),
      '403': problemResponse('client.csrf_failed'),
    },
    before: [requireCsrf()],
    handler: async (req, res) => {
      const id = readCookie(req, SESSION_COOKIE)!;
      const s = await identity.sessions.find(id);
      await identity.sessions.destroy(id);
      clearCookie(res, SESSION_COOKIE, { secure: identity.settings.secureCookies, path: '/' });
      const rp = s && identity.relyingParty(s.kind);
      const idToken = (s?.principal as { idToken?: string } | undefined)?.idToken;
      const target = rp ? await rp.endSessionUrl(idToken, `${identity.settings.publicUrl}/`).catch(() => null) : null;
      res.set('Cache-Control', 'no-store').redirect(303, target?.href ?? '/');
    },
  };
}

function sessionRoute(): RouteSpec {
  return {
    method: 'get',
    path: '/auth/session',
    operationId: 'getSession',
    tags: ['identité'],
    security: [],
    access: 'public',
    summary: 'Qui suis-je ? (personne connectée, rôles, jeton anti-CSRF de la session)',
    responses: { '200': { description: 'La personne connectée, ou `authenticated: false`', schema: SESSION_SCHEMA } },
    handler: (req, res) => {
      const p = req.principal;
      res.set('Cache-Control', 'no-store');
      if (!p) return void res.json({ authenticated: false });
      res.json({
        authenticated: true,
        kind: p.kind,
        via: p.via,
        sub: p.sub,
        ...(p.name ? { name: p.name } : {}),
        ...(p.email ? { email: p.email } : {}),
        ...(p.issuer ? { issuer: p.issuer } : {}),
        memberships: p.memberships,
        platformRoles: p.platformRoles,
        ...(p.citizen ? { subjectRef: p.citizen.subjectRef, ...(p.citizen.company ? { company: p.citizen.company } : {}) } : {}),
        ...(p.csrfToken ? { csrfToken: p.csrfToken } : {}),
      });
    },
  };
}

/** Login, logout, session and the embedded provider's pages. */
export function authRoutes(deps: AppDeps, identity: Identity, onAgentLogin?: AgentLoginHook): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/connexion',
      operationId: 'webLogin',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Page de connexion (ProConnect, FranceConnect)',
      responses: HTML,
      handler: (req, res) => {
        const p = req.principal;
        res
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(
            renderLoginPage({
              agentLogin: !!identity.relyingParty('agent'),
              citizenLogin: !!identity.relyingParty('citizen'),
              user: p ? { name: p.name ?? p.sub, kind: p.kind } : null,
              csrfToken: p?.csrfToken,
              returnTo: pageReturnPath(typeof req.query.retour === 'string' ? req.query.retour : undefined) ?? undefined,
            }).toString(),
          );
      },
    },
    ...loginRoutes(deps, identity, 'agent', onAgentLogin),
    ...loginRoutes(deps, identity, 'citizen'),
    logoutRoute(identity),
    sessionRoute(),
    ...(identity.provider ? interactionRoutes(identity.provider, '/idp') : []),
  ];
}
