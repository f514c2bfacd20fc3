/**
 * The indicators' pages and open data (docs/architecture.md, "Indicators"): the public page
 * /guichet/indicateurs, its CSV, JSON and Table Schema, and the producers' monthly report in
 * /espace (page and CSV).
 */
import type { Request } from 'express';
import { findOrganisations } from '../../catalog/index.js';
import { OPEN_DATA_SCHEMA, openDataCsv, producerReportCsv, type PublishedIndicators } from '../../indicators/index.js';
import { renderIndicatorsPage, renderProducerReportPage } from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import { pageGuard, type RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { RouteSpec } from '../http/route.js';
import { producerReportFor, publicIndicators, REPORT_ROLES, type IndicatorsServices } from '../services/indicators.js';
import { pageUser } from './web.js';

const SCHEMA_PATH = '/guichet/indicateurs/schema.json';
const COLUMNS = (OPEN_DATA_SCHEMA as { fields: { name: string; title: string; description: string }[] }).fields.map((f) => ({
  name: f.name,
  title: f.title,
  description: f.description,
}));
/** Public figures change with the rollup: caches may keep them a minute. */
const PUBLIC_CACHE = 'public, max-age=60';

function csrfOf(req: Request): string | undefined {
  return req.principal?.csrfToken;
}

export function indicatorsRoutes(deps: Pick<AppDeps, 'pool' | 'clock'>, indicators: IndicatorsServices): RouteSpec[] {
  // What anonymous visitors get is the same for one snapshot: rendered once per snapshot.
  const pages = new WeakMap<PublishedIndicators, string>();
  const csvs = new WeakMap<PublishedIndicators, string>();
  const once = (cache: WeakMap<PublishedIndicators, string>, p: PublishedIndicators, make: () => string): string => {
    let v = cache.get(p);
    if (v === undefined) cache.set(p, (v = make()));
    return v;
  };
  const report: RouteAccess = { agent: [...REPORT_ROLES], scope: 'query:siret' };
  const reportParams = [
    {
      name: 'siret',
      in: 'query' as const,
      description: 'SIRET de l’administration productrice (une des vôtres)',
      schema: { type: 'string', pattern: '^[0-9]{14}$' },
    },
    {
      name: 'mois',
      in: 'query' as const,
      description: 'Mois (AAAA-MM), parmi les douze derniers mois écoulés',
      schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
    },
  ];
  return [
    {
      method: 'get',
      path: '/guichet/indicateurs',
      operationId: 'webIndicators',
      summary: 'Les indicateurs du décloisonnement (page)',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
      handler: async (req, res) => {
        const figures = await publicIndicators(indicators);
        const render = () =>
          renderIndicatorsPage({ indicators: figures, columns: COLUMNS, user: pageUser(req), csrfToken: csrfOf(req) }).toString();
        res
          .set('Cache-Control', req.principal ? 'no-store' : PUBLIC_CACHE)
          .type('html')
          .send(req.principal ? render() : once(pages, figures, render));
      },
    },
    {
      method: 'get',
      path: '/guichet/indicateurs.csv',
      operationId: 'getIndicatorsCsv',
      summary: 'Indicateurs par mois (données ouvertes, CSV)',
      description: `Une ligne par mois et par niveau (ensemble, producteur, API) ; colonnes décrites par le schéma ${SCHEMA_PATH} (Table Schema). Effectifs inférieurs à 10 masqués.`,
      tags: ['indicateurs'],
      security: [],
      access: 'public',
      responses: { '200': { description: 'Fichier CSV (UTF-8, RFC 4180)', contentType: 'text/csv' } },
      handler: async (_req, res) => {
        const figures = await publicIndicators(indicators);
        const csv = once(csvs, figures, () => openDataCsv(figures));
        res
          .set('Cache-Control', PUBLIC_CACHE)
          .set('Content-Disposition', 'attachment; filename="datapedia-indicateurs.csv"')
          .set('Link', `<${SCHEMA_PATH}>; rel="describedby"; type="application/json"`)
          .type('text/csv; charset=utf-8')
          .send(csv);
      },
    },
    {
      method: 'get',
      path: '/guichet/indicateurs.json',
      operationId: 'getIndicatorsJson',
      summary: 'Tous les indicateurs (données ouvertes, JSON)',
      description:
        'Par mois et sur la période : ensemble, producteurs, API (mêmes grandeurs que le CSV), délai médian d’instruction, contrats et délégations actifs, personnes ayant un dossier actif. Effectifs inférieurs à 10 à null.',
      tags: ['indicateurs'],
      security: [],
      access: 'public',
      responses: { '200': { description: 'Indicateurs', schema: { type: 'object' } } },
      handler: async (_req, res) => {
        res.set('Cache-Control', PUBLIC_CACHE).json(await publicIndicators(indicators));
      },
    },
    {
      method: 'get',
      path: SCHEMA_PATH,
      operationId: 'getIndicatorsSchema',
      summary: 'Schéma des colonnes du CSV des indicateurs (Table Schema)',
      tags: ['indicateurs'],
      security: [],
      access: 'public',
      responses: { '200': { description: 'Table Schema (Frictionless Data)', schema: { type: 'object' } } },
      handler: (_req, res) => {
        res.set('Cache-Control', 'public, max-age=3600').json(OPEN_DATA_SCHEMA);
      },
    },
    {
      method: 'get',
      path: '/espace/indicateurs',
      operationId: 'webProducerReport',
      summary: 'Rapport mensuel d’usage d’un producteur (page)',
      tags: ['web'],
      security: ['session'],
      access: report,
      hidden: true,
      parameters: reportParams,
      responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
      before: [pageGuard(report)],
      handler: async (req, res) => {
        const p = req.principal!;
        const r = await producerReportFor(deps, p, queryParam(req, 'siret'), queryParam(req, 'mois'));
        const names = new Map((await findOrganisations(deps.pool, r.producers)).map((o) => [o.siret, o.acronym ?? o.name]));
        res
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(
            renderProducerReportPage({
              report: r.report,
              months: r.months,
              producers: r.producers.map((s) => ({ siret: s, name: names.get(s) ?? s })),
              user: { name: p.name ?? p.sub, logoutUrl: '/auth/logout' },
              csrfToken: p.csrfToken,
            }).toString(),
          );
      },
    },
    {
      method: 'get',
      path: '/espace/indicateurs.csv',
      operationId: 'webProducerReportCsv',
      summary: 'Rapport mensuel d’usage d’un producteur (CSV)',
      tags: ['web'],
      security: ['session'],
      access: report,
      hidden: true,
      parameters: reportParams,
      responses: { '200': { description: 'Fichier CSV (UTF-8)', contentType: 'text/csv' } },
      before: [pageGuard(report)],
      handler: async (req, res) => {
        const r = await producerReportFor(deps, req.principal!, queryParam(req, 'siret'), queryParam(req, 'mois'));
        res
          .set('Cache-Control', 'no-store')
          .set('Content-Disposition', `attachment; filename="rapport-${r.report.producer.siret}-${r.report.month}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(producerReportCsv(r.report));
      },
    },
  ];
}
