import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import * as store from './store/endpoints.js';
import * as versions from './store/versions.js';
import { getApi } from './apis.js';
import type { ApiVersion, Endpoint, EndpointParameter, VersionDiff } from './types.js';

function toEndpoint(r: store.EndpointRow): Endpoint {
  return {
    id: r.id,
    operationId: r.operation_id,
    method: r.method,
    pathTemplate: r.path_template,
    summary: r.summary,
    description: r.description,
    tags: r.tags,
    deprecated: r.deprecated,
    parameters: r.parameters as EndpointParameter[],
    requestBodySchema: (r.request_body_schema as object) ?? null,
    responseSchema: (r.response_schema as object) ?? null,
    security: r.security as Endpoint['security'],
    fields: r.fields,
  };
}

/** The endpoints of the current version of an API, in document order. */
export async function listEndpoints(db: Pick<pg.Pool, 'query'>, apiSlug: string): Promise<Endpoint[]> {
  const api = await getApi(db, apiSlug);
  return (await store.listEndpointsByApiId(db, api.id)).map(toEndpoint);
}

export async function getEndpoint(db: Pick<pg.Pool, 'query'>, apiSlug: string, operationId: string): Promise<Endpoint> {
  const found = (await listEndpoints(db, apiSlug)).find((e) => e.operationId === operationId);
  if (!found)
    throw new ProblemError('client.not_found', { detail: `Aucune opération « ${operationId.slice(0, 100)} » dans l’API « ${apiSlug} ».` });
  return found;
}

/** The imported versions, newest first, each with what changed since the previous one. */
export async function listVersions(db: Pick<pg.Pool, 'query'>, apiSlug: string): Promise<ApiVersion[]> {
  const api = await getApi(db, apiSlug);
  return (await versions.listVersionsByApiId(db, api.id)).map((v) => ({
    seq: v.seq,
    version: v.version,
    openapiVersion: v.openapi_version,
    sourceSha256: v.source_sha256,
    importedAt: v.imported_at.toISOString(),
    importedBy: v.imported_by,
    diff: (v.diff as VersionDiff | null) ?? null,
    warnings: (v.warnings as ApiVersion['warnings']) ?? [],
  }));
}

/** The latest imported OpenAPI document, as received (null before the first import). */
export async function getOpenApiDocument(db: Pick<pg.Pool, 'query'>, apiSlug: string): Promise<unknown> {
  const api = await getApi(db, apiSlug);
  return versions.findLatestDocumentByApiId(db, api.id);
}
