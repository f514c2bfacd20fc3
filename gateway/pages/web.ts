import express, { type Request } from 'express';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RouteSpec } from '../http/route.js';
import type { Config } from '../config.js';
import {
  renderDocsPage,
  renderAccessibilityPage,
  renderLegalNoticePage,
  renderPersonalDataPage,
  renderSiteMapPage,
  DEMO_LEGAL_INFO,
  WEB_ASSETS,
  type LegalInfo,
} from '../../web/index.js';
import { PROBLEMS, ProblemError } from '../../schemas/index.js';

const require = createRequire(import.meta.url);
/** Swagger UI's built files (the OpenAPI reference of /docs), served from the package itself. */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** The DSFR's built assets, served from the package itself (no copy in the repository). */
export const DSFR_DIR = `${dirname(require.resolve('@gouvfr/dsfr/dist/dsfr.min.css'))}`;

export function dsfrStatic(): express.RequestHandler {
  return express.static(DSFR_DIR, { immutable: true, maxAge: '7d', index: false });
}

function htmlPage(s: { toString(): string }): string {
  return s.toString();
}

/** The publisher's facts for the mandatory pages: the configuration, else the demonstration placeholders (named as such). */
export function legalInfo(
  config?: Pick<Config, 'LEGAL_PUBLISHER' | 'LEGAL_ADDRESS' | 'LEGAL_DIRECTOR' | 'LEGAL_HOST' | 'LEGAL_CONTACT_EMAIL' | 'LEGAL_DPO_EMAIL'>,
): LegalInfo {
  return {
    publisher: config?.LEGAL_PUBLISHER ?? DEMO_LEGAL_INFO.publisher,
    address: config?.LEGAL_ADDRESS ?? DEMO_LEGAL_INFO.address,
    director: config?.LEGAL_DIRECTOR ?? DEMO_LEGAL_INFO.director,
    host: config?.LEGAL_HOST ?? DEMO_LEGAL_INFO.host,
    contactEmail: config?.LEGAL_CONTACT_EMAIL ?? DEMO_LEGAL_INFO.contactEmail,
    dpoEmail: config?.LEGAL_DPO_EMAIL ?? DEMO_LEGAL_INFO.dpoEmail,
  };
}

/** The signed-in person as the layout shows them (name and logout form), or null. */
export function pageUser(req: Request): { name: string; logoutUrl: string } | null {
  const p = req.principal;
  if (!p || p.via !== 'session') return null;
  return { name: p.name ?? p.sub, logoutUrl: '/auth/logout' };
}

/** Each asset's strong validator (its bytes do not change while the process runs). */
const ASSET_ETAGS = Object.fromEntries(
  Object.entries(WEB_ASSETS).map(([name, a]) => [name, `"${createHash('sha256').update(a.body).digest('base64url').slice(0, 27)}"`]),
);

/** `GET /assets/{name}`: Datapedia's own CSS and JS files (web/assets.ts), cached a week, revalidated by ETag. */
function assetRoute(): RouteSpec {
  return {
    method: 'get',
    path: '/assets/{name}',
    operationId: 'webAsset',
    tags: ['web'],
    security: [],
    access: 'public',
    hidden: true,
    summary: 'Feuilles de style et scripts des pages',
    responses: { '200': { description: 'Fichier', contentType: 'text/css' } },
    handler: (req, res) => {
      const name = String(req.params.name);
      const asset = Object.hasOwn(WEB_ASSETS, name) ? WEB_ASSETS[name] : undefined;
      if (!asset) throw new ProblemError('client.not_found', { detail: 'Fichier inconnu.' });
      const etag = ASSET_ETAGS[name]!;
      res.set({ 'Cache-Control': 'public, max-age=604800', ETag: etag, 'X-Content-Type-Options': 'nosniff' });
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.type(asset.type).send(asset.body);
    },
  };
}

/**
 * The web pages of the foundation: `/docs`, the assets, and the pages every State site carries
 * (accessibility statement, legal notice, personal data, site map). The home `/` is the catalogue's.
 */
export function webRoutes(getOpenApi: () => Record<string, unknown>, opts: { config?: Config } = {}): RouteSpec[] {
  const info = legalInfo(opts.config);
  const page = (path: string, operationId: string, summary: string, render: (req: Request) => { toString(): string }): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    tags: ['web'],
    security: [],
    access: 'public',
    hidden: true,
    summary,
    responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
    handler: (req, res) => {
      res.type('html').send(htmlPage(render(req)));
    },
  });
  return [
    {
      method: 'get',
      path: '/docs',
      operationId: 'webDocs',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Documentation de l’API (rendu HTML de /openapi.json)',
      responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
      handler: (_req, res) => {
        res.type('html').send(htmlPage(renderDocsPage(getOpenApi() as never, PROBLEMS)));
      },
    },
    {
      method: 'get',
      path: '/docs/problems',
      operationId: 'webProblems',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Catalogue des codes d’erreur',
      responses: { '302': { description: 'Redirige vers /docs#problems', contentType: 'text/html' } },
      handler: (_req, res) => {
        res.redirect(302, '/docs#problems');
      },
    },
    assetRoute(),
    {
      method: 'get',
      path: '/docs/ui/{file}',
      operationId: 'webDocsUi',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Fichiers de la référence interactive (Swagger UI, depuis son paquet npm)',
      responses: { '200': { description: 'Fichier', contentType: 'text/javascript' } },
      handler: (req, res) => {
        const file = String(req.params.file);
        const type = Object.hasOwn(SWAGGER_UI_FILES, file) ? SWAGGER_UI_FILES[file] : undefined;
        if (!type) throw new ProblemError('client.not_found', { detail: 'Fichier inconnu.' });
        res.set('Cache-Control', 'public, max-age=604800').type(type).sendFile(join(SWAGGER_UI_DIR, file));
      },
    },
    page('/accessibilite', 'webAccessibility', 'Déclaration d’accessibilité', (req) => renderAccessibilityPage(info, pageUser(req))),
    page('/mentions-legales', 'webLegalNotice', 'Mentions légales', (req) => renderLegalNoticePage(info, pageUser(req))),
    page('/donnees-personnelles', 'webPersonalData', 'Données personnelles et cookies', (req) =>
      renderPersonalDataPage(info, pageUser(req)),
    ),
    page('/plan-du-site', 'webSiteMap', 'Plan du site', (req) => renderSiteMapPage(pageUser(req))),
  ];
}
