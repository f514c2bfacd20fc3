import express from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { RouteSpec } from '../http/route.js';
import { renderDocsPage } from '../../web/index.js';
import { PROBLEMS } from '../../schemas/index.js';

const require = createRequire(import.meta.url);
/** The DSFR's built assets, served from the package itself (no copy in the repository). */
export const DSFR_DIR = `${dirname(require.resolve('@gouvfr/dsfr/dist/dsfr.min.css'))}`;

export function dsfrStatic(): express.RequestHandler {
  return express.static(DSFR_DIR, { immutable: true, maxAge: '7d', index: false });
}

function htmlPage(s: { toString(): string }): string {
  return s.toString();
}

/** The web pages of the foundation: `/docs` (the home `/` is the catalogue's, routes/catalog-web.ts). */
export function webRoutes(getOpenApi: () => Record<string, unknown>): RouteSpec[] {
  return [
    {
      method: 'get', path: '/docs', operationId: 'webDocs', tags: ['web'], security: [], access: 'public', hidden: true,
      summary: 'Documentation de l’API (rendu HTML de /openapi.json)', responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
      handler: (_req, res) => { res.type('html').send(htmlPage(renderDocsPage(getOpenApi() as never, PROBLEMS))); },
    },
    {
      method: 'get', path: '/docs/problems', operationId: 'webProblems', tags: ['web'], security: [], access: 'public', hidden: true,
      summary: 'Catalogue des codes d’erreur', responses: { '302': { description: 'Redirige vers /docs#problems', contentType: 'text/html' } },
      handler: (_req, res) => { res.redirect(302, '/docs#problems'); },
    },
  ];
}
