import type { Request, RequestHandler } from 'express';
import { ProblemError } from '../../schemas/index.js';
import { getApi, PUBLIC_LIFECYCLES, type Api } from '../../catalog/index.js';
import type { AppDeps } from '../deps.js';
import { hasOrgRole, hasPlatformRole, type Principal } from '../../schemas/index.js';

/** Who may change an API: a platform admin, or an admin/instructor of the producer organisation. */
export function canManageApi(p: Principal | undefined, producerSiret: string): boolean {
  return hasPlatformRole(p, 'admin') || hasOrgRole(p, producerSiret, 'admin') || hasOrgRole(p, producerSiret, 'instructor');
}

/** Published and deprecated APIs are public; drafts and retired APIs only for those who manage them. */
export function canReadApi(p: Principal | undefined, api: Pick<Api, 'lifecycle' | 'producerSiret'>): boolean {
  return PUBLIC_LIFECYCLES.includes(api.lifecycle) || canManageApi(p, api.producerSiret);
}

/** The API named by `:slug` if the caller may read it; a hidden API is answered 404 like an unknown one. */
export async function readableApi(deps: AppDeps, req: Request): Promise<Api> {
  const api = await getApi(deps.pool, String(req.params.slug));
  if (!canReadApi(req.principal, api)) throw new ProblemError('client.not_found', { detail: `Aucune API « ${api.slug} ».` });
  return api;
}

/**
 * Guard of write routes on `/v1/catalog/apis/{slug}/...`: 401 when anonymous, 404 for an API
 * the caller cannot even see, 403 when they see it but do not manage its producer.
 */
export function requireApiManager(deps: AppDeps): RequestHandler {
  return async function requireManager(req, _res, next) {
    if (!req.principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    const api = await readableApi(deps, req);
    if (!canManageApi(req.principal, api.producerSiret))
      throw new ProblemError('client.forbidden', { detail: 'Réservé aux administrateurs de la plateforme et au producteur de l’API.' });
    next();
  };
}
