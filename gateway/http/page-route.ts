import type { RequestHandler } from 'express';
import { pageGuard, type RouteAccess } from './access.js';
import type { RouteSpec } from './route.js';

const HTML: RouteSpec['responses'] = { '200': { description: 'Page HTML', contentType: 'text/html' } };

/**
 * A web page as a route of our own (docs/architecture.md, "Surfaces"): not listed in
 * `/openapi.json`, guarded by its access declaration (an anonymous visitor is sent to the login
 * page, others get the HTML error page), its form body parsed by `form` when it has one.
 */
export function pageRoute(
  method: 'get' | 'post',
  path: string,
  operationId: string,
  summary: string,
  access: RouteAccess,
  handler: RouteSpec['handler'],
  o: { form?: RequestHandler; responses?: RouteSpec['responses'] } = {},
): RouteSpec {
  const open = access === 'public';
  return {
    method,
    path,
    operationId,
    summary,
    handler,
    tags: ['web'],
    security: open ? [] : ['session'],
    access,
    hidden: true,
    responses: o.responses ?? HTML,
    before: [...(open ? [] : [pageGuard(access)]), ...(o.form ? [o.form] : [])],
  };
}
