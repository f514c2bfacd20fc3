import type { Request } from 'express';
import type { RouteSpec } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { queryParam } from '../http/query.js';
import { ProblemError } from '../../schemas/index.js';
import type { ProducerPing } from '../../connectors/index.js';
import type { Services } from '../compose.js';
import {
  findOrganisations,
  getDataElement,
  listApis,
  listDataElements,
  listEndpoints,
  listFieldLinks,
  listScopes,
  listVersions,
  searchCatalog,
  PUBLIC_LIFECYCLES,
} from '../../catalog/index.js';
import { apiStatsBlock } from './api-stats.js';
import {
  renderApiPage,
  renderCatalogHome,
  renderDataElementPage,
  renderDictionaryPage,
  renderImportPage,
  IMPORT_SCRIPT,
  type ProducerStatus,
} from '../../web/index.js';
import { listUseCasesOfApi } from '../../counter/index.js';
import { canManageApi, readableApi } from '../services/catalog-access.js';
import { searchQueryOf } from '../http/catalog-search-query.js';

const PAGE = { '200': { description: 'Page HTML', contentType: 'text/html' } };

async function producerNames(deps: AppDeps, sirets: string[]): Promise<Map<string, string>> {
  const orgs = await findOrganisations(deps.pool, [...new Set(sirets)]);
  return new Map(orgs.map((o) => [o.siret, o.acronym ? `${o.name} (${o.acronym})` : o.name]));
}

/** The catalogue home: invalid filters are ignored on the page (a form never answers with a problem document). */
async function homeModel(deps: AppDeps, req: Request) {
  const q = (queryParam(req, 'q') ?? '').trim().slice(0, 200);
  let filters: ReturnType<typeof searchQueryOf> = {};
  try {
    filters = searchQueryOf(req);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
  }
  const apis = await listApis(deps.pool, { lifecycles: PUBLIC_LIFECYCLES });
  const hits = q ? await searchCatalog(deps.pool, { q, ...filters }) : null;
  const producers = await producerNames(
    deps,
    apis.map((a) => a.producerSiret),
  );
  return {
    q,
    hits,
    apis,
    producers,
    currentPath: req.originalUrl.slice(0, 300),
    dataElementCount: (await listDataElements(deps.pool)).length,
    filters: {
      producer: filters.producerSiret ?? '',
      subjectKind: filters.subjectKind ?? '',
      sensitivity: filters.sensitivity ?? '',
      access: filters.access ?? '',
    },
  };
}

/** The producer's ping in the page's words (up, degraded in maintenance, down, unknown). */
function pageStatus(ping: ProducerPing): ProducerStatus {
  const state =
    ping.status === 'ok' ? 'up' : ping.status === 'bad_gateway' ? 'down' : ping.status === 'maintenance' ? 'degraded' : 'unknown';
  return { state, checkedAt: ping.last_update, circuit: null };
}

/** Web pages of the catalogue: `/` (home and search), `/catalogue/api/{slug}`, `/catalogue/donnees[/{id}]`. */
export function catalogWebRoutes(deps: AppDeps, services: Pick<Services, 'producerHealth' | 'counter'>): RouteSpec[] {
  // The same health as GET /v1/producers/{siret}/ping: one service, one probe cache per process.
  const health = services.producerHealth;
  return [
    {
      method: 'get',
      path: '/',
      operationId: 'webCatalogHome',
      tags: ['web'],
      security: [],
      hidden: true,
      access: 'public',
      summary: 'Catalogue : accueil et recherche',
      responses: PAGE,
      handler: async (req, res) => {
        res.type('html').send(renderCatalogHome(await homeModel(deps, req)).toString());
      },
    },
    {
      method: 'get',
      path: '/catalogue/api/{slug}',
      operationId: 'webCatalogApi',
      tags: ['web'],
      security: [],
      hidden: true,
      access: 'public',
      summary: 'Catalogue : page d’une API',
      responses: PAGE,
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        const [endpoints, scopes, fieldLinks, versions, elements, producers, ping, useCases] = await Promise.all([
          listEndpoints(deps.pool, api.slug),
          listScopes(deps.pool, api.slug),
          listFieldLinks(deps.pool, api.slug),
          listVersions(deps.pool, api.slug),
          listDataElements(deps.pool),
          producerNames(deps, [api.producerSiret]),
          health.ping(api.producerSiret).catch(() => null),
          listUseCasesOfApi(services.counter.ctx, api.slug),
        ]);
        const session = req.principal?.via === 'session' ? req.principal : undefined;
        res.type('html').send(
          renderApiPage({
            api,
            endpoints,
            scopes,
            fieldLinks,
            versions,
            producerName: producers.get(api.producerSiret) ?? api.producerSiret,
            dataElements: new Map(elements.map((e) => [e.id, e])),
            canManage: canManageApi(req.principal, api.producerSiret),
            user: req.principal ? { name: req.principal.name ?? req.principal.sub } : null,
            statsBlock: await apiStatsBlock(deps, api.slug),
            gatewayUrl: deps.config.PUBLIC_URL,
            producerStatus: ping ? pageStatus(ping) : undefined,
            csrfToken: session?.csrfToken,
            currentPath: req.originalUrl,
            useCases: useCases.map((u) => ({ slug: u.slug, title: u.title })),
          }).toString(),
        );
      },
    },
    {
      method: 'get',
      path: '/catalogue/api/{slug}/import',
      operationId: 'webCatalogImport',
      tags: ['web'],
      security: [],
      hidden: true,
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Catalogue : importer une nouvelle version (producteur)',
      responses: PAGE,
      handler: async (req, res) => {
        if (!req.principal) {
          res.redirect(302, `/connexion?retour=${encodeURIComponent(req.originalUrl.slice(0, 200))}`);
          return;
        }
        const api = await readableApi(deps, req);
        if (!canManageApi(req.principal, api.producerSiret))
          throw new ProblemError('client.forbidden', { detail: 'Réservé au producteur de l’API et aux administrateurs.' });
        res
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(
            renderImportPage({
              api,
              limitBytes: deps.config.OPENAPI_IMPORT_LIMIT_BYTES,
              user: { name: req.principal.name ?? req.principal.sub, csrfToken: req.principal.csrfToken },
            }).toString(),
          );
      },
    },
    {
      method: 'get',
      path: '/catalogue/import.js',
      operationId: 'webCatalogImportScript',
      tags: ['web'],
      security: [],
      hidden: true,
      access: 'public',
      summary: 'Script de la page d’import',
      responses: { '200': { description: 'JavaScript', contentType: 'text/javascript' } },
      handler: (_req, res) => {
        res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(IMPORT_SCRIPT);
      },
    },
    {
      method: 'get',
      path: '/catalogue/donnees',
      operationId: 'webCatalogDictionary',
      tags: ['web'],
      security: [],
      hidden: true,
      access: 'public',
      summary: 'Catalogue : dictionnaire des données',
      responses: PAGE,
      handler: async (_req, res) => {
        res.type('html').send(renderDictionaryPage(await listDataElements(deps.pool)).toString());
      },
    },
    {
      method: 'get',
      path: '/catalogue/donnees/{id}',
      operationId: 'webCatalogDataElement',
      tags: ['web'],
      security: [],
      hidden: true,
      access: 'public',
      summary: 'Catalogue : page d’une donnée',
      responses: PAGE,
      handler: async (req, res) => {
        const element = await getDataElement(deps.pool, String(req.params.id), { lifecycles: PUBLIC_LIFECYCLES });
        const producers = await producerNames(
          deps,
          element.carriers.map((c) => c.producerSiret),
        );
        res.type('html').send(renderDataElementPage(element, producers).toString());
      },
    },
  ];
}
