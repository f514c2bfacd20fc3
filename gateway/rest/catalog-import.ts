import express, { type RequestHandler } from 'express';
import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { ProblemError } from '../../schemas/index.js';
import { getOpenApiDocument, importOpenApi, listVersions } from '../../catalog/index.js';
import { readableApi, requireApiManager } from '../services/catalog-access.js';
import { SLUG_PARAM, VERSION_SCHEMA } from './catalog-schemas.js';

/** The express path of the import route (the app mounts `openapiBodyParser` there, ahead of the JSON parser). */
export const OPENAPI_IMPORT_PATH = '/v1/catalog/apis/:slug/openapi';

const ACCEPTED = /^(application\/(json|yaml|x-yaml|vnd\.oai\.openapi(\+json|\+yaml)?)|text\/(yaml|x-yaml|plain))$/;

/**
 * Reads an OpenAPI document as text, whatever its media type, up to OPENAPI_IMPORT_LIMIT_BYTES
 * (413 `client.payload_too_large` beyond). Mounted before the app's JSON parser so a JSON document
 * gets the import limit, not the general BODY_LIMIT_BYTES; body-parser then skips the parsed body.
 */
export function openapiBodyParser(limitBytes: number): RequestHandler {
  return express.text({ type: () => true, limit: limitBytes, defaultCharset: 'utf-8' });
}

function contentTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** `/v1/catalog/apis/{slug}/openapi` and `/versions`: import of OpenAPI documents and their history. */
export function catalogImportRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/v1/catalog/apis/{slug}/openapi',
      operationId: 'importCatalogOpenApi',
      tags: ['catalogue'],
      security: ['bearer', 'session'],
      access: { agent: ['admin', 'instructor'], scope: 'api-producer', platform: ['admin'] },
      summary: 'Importer le document OpenAPI d’une API (nouvelle version)',
      description:
        'Corps : le document OpenAPI 3.0 ou 3.1, en YAML (`application/yaml`) ou en JSON (`application/json`). Un document invalide est refusé en entier (`client.invalid_openapi`, une erreur par pointeur JSON) ; rien n’est enregistré. Limite : OPENAPI_IMPORT_LIMIT_BYTES.',
      parameters: [SLUG_PARAM],
      requestBody: {
        schema: { type: 'string', description: 'Document OpenAPI (YAML ou JSON)' },
        required: true,
        contentType: 'application/yaml',
      },
      responses: {
        '201': {
          description: 'Version importée',
          schema: {
            type: 'object',
            properties: {
              slug: { type: 'string' },
              seq: { type: 'integer' },
              version: { type: 'string' },
              openapiVersion: { type: 'string' },
              endpoints: { type: 'integer' },
              diff: { type: ['object', 'null'] },
              warnings: { type: 'array' },
            },
          },
        },
        '413': problemResponse('Document trop volumineux'),
        '415': problemResponse('Type de contenu non pris en charge'),
        '422': problemResponse('Document OpenAPI invalide'),
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Ni administrateur, ni producteur de l’API'),
        '404': problemResponse('API inconnue'),
      },
      before: [requireApiManager(deps), openapiBodyParser(deps.config.OPENAPI_IMPORT_LIMIT_BYTES)],
      handler: async (req, res) => {
        const type = contentTypeOf(req.headers['content-type']);
        if (!ACCEPTED.test(type))
          throw new ProblemError('client.unsupported_media_type', {
            detail: 'Envoyez le document en application/yaml ou application/json.',
          });
        const body: unknown = req.body;
        if (typeof body !== 'string' || !body.length)
          throw new ProblemError('client.invalid_openapi', { detail: 'Corps vide.', errors: [{ pointer: '', detail: 'corps vide' }] });
        const result = await importOpenApi(deps.pool, String(req.params.slug), body, { importedBy: req.principal?.sub ?? null });
        res.status(201).location(`/v1/catalog/apis/${result.slug}/versions`).json(result);
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/openapi',
      operationId: 'getCatalogOpenApi',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Le document OpenAPI de la version courante, tel qu’importé',
      parameters: [SLUG_PARAM],
      responses: {
        '200': { description: 'Document OpenAPI (JSON)', schema: { type: 'object' } },
        '404': problemResponse('Inconnue ou jamais importée'),
      },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        const doc = await getOpenApiDocument(deps.pool, api.slug);
        if (!doc) throw new ProblemError('client.not_found', { detail: 'Aucun document importé pour cette API.' });
        res.json(doc);
      },
    },
    {
      method: 'get',
      path: '/v1/catalog/apis/{slug}/versions',
      operationId: 'listCatalogApiVersions',
      tags: ['catalogue'],
      security: [],
      access: 'public',
      summary: 'Historique des versions et changements (points d’accès et champs ajoutés, retirés, modifiés)',
      parameters: [SLUG_PARAM],
      responses: {
        '200': {
          description: 'Versions, de la plus récente à la plus ancienne',
          schema: { type: 'object', properties: { items: { type: 'array', items: VERSION_SCHEMA } } },
        },
        '404': problemResponse('Inconnue'),
      },
      handler: async (req, res) => {
        const api = await readableApi(deps, req);
        res.json({ items: await listVersions(deps.pool, api.slug) });
      },
    },
  ];
}
