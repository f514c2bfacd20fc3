import type { Express, RequestHandler } from 'express';
import { accessGuard, type RouteAccess } from './access.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: object;
}

export interface ResponseSpec {
  description: string;
  /** JSON Schema of the body (content type below, default application/json). */
  schema?: object;
  contentType?: string;
  headers?: Record<string, { description: string; schema: object }>;
}

/**
 * One route of our own REST surface, with the OpenAPI text that documents it. `/openapi.json`
 * is generated from these, and a test checks that every route registered on the app is one.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI path template (`/v1/organisations/{siret}`); converted to express syntax when mounted. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Security requirement documented in OpenAPI (names of components.securitySchemes); [] = public. */
  security: string[];
  /**
   * Who may call it (gateway/http/access.ts): the guard mounted before `before`, and what the
   * shared security suite (tests/security) attacks. Pages (`hidden`) keep their own guard, which
   * redirects anonymous visitors to the login page; the suite holds them to this declaration too.
   */
  access: RouteAccess;
  parameters?: ParameterSpec[];
  requestBody?: { schema: object; required?: boolean; contentType?: string; description?: string };
  responses: Record<string, ResponseSpec>;
  /** Middleware run before the handler (authorisation checks, body limits...). */
  before?: RequestHandler[];
  handler: RequestHandler;
  /** Not listed in /openapi.json (web pages and assets). Still mounted. */
  hidden?: boolean;
}

/** `/v1/x/{id}` -> `/v1/x/:id`; `{path*}` -> `*path` (express 5 / path-to-regexp 8 syntax). */
export function toExpressPath(template: string): string {
  return template.replace(/\{([A-Za-z0-9_]+)\*\}/g, '*$1').replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** Mounts routes directly on the app (flat, so the route table can be introspected). */
export function mountRoutes(app: Express, specs: RouteSpec[]): void {
  for (const s of specs) app[s.method](toExpressPath(s.path), ...(s.hidden ? [] : accessGuard(s.access)), ...(s.before ?? []), s.handler);
}

/** A common error response documentation entry. */
export function problemResponse(description: string): ResponseSpec {
  return { description, contentType: 'application/problem+json', schema: { $ref: '#/components/schemas/Problem' } };
}
