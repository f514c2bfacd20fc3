import type pg from 'pg';
import { ProblemError, type ProblemItem } from '../schemas/index.js';
import * as apis from './store/apis.js';
import * as versions from './store/versions.js';
import * as endpointsStore from './store/endpoints.js';
import * as scopesStore from './store/scopes.js';
import { prepareInWorker } from './openapi/run-in-worker.js';
import type { PreparedDocument } from './openapi/prepare-document.js';
import { diffSnapshots, snapshotOf, type Snapshot } from './diff.js';
import { invalidateResolvedApi } from './resolve-endpoint.js';
import type { VersionDiff } from './types.js';

export interface ImportResult {
  slug: string;
  seq: number;
  version: string;
  openapiVersion: string;
  endpoints: number;
  diff: VersionDiff | null;
  /** Tolerated deviations of the document, and scopes whose pointers no longer name a field. */
  warnings: ProblemItem[];
}

/** Parses, validates and extracts everything before the transaction starts (nothing is written on failure). */
export async function prepareImport(source: string | object): Promise<PreparedDocument> {
  return prepareInWorker(source);
}

/**
 * The same preparation in this thread (the module is loaded on first use): for start-up imports
 * of the operator's own documents, before the server listens (see `importOpenApi`'s `prepare`).
 * Where the parser cannot be loaded in this thread, the worker does it.
 */
export async function prepareInProcess(source: string | object): Promise<PreparedDocument> {
  let prepare: (source: string | object) => Promise<PreparedDocument>;
  try {
    ({ prepareDocument: prepare } = await import('./openapi/prepare-document.js'));
  } catch {
    // A runtime that cannot load the parser's CommonJS-requires-ESM graph in this thread (a test VM).
    return prepareInWorker(source);
  }
  return prepare(source);
}

/**
 * Imports an OpenAPI document (text, JSON or YAML, or an already parsed object) as the new
 * version of an API: every operation becomes an endpoint, the previous version's endpoints are
 * replaced, and the version history records the document and what changed. All writes happen
 * in one transaction under a row lock of the API, so an import is whole or absent.
 */
export async function importOpenApi(
  pool: pg.Pool,
  slug: string,
  source: string | object,
  opts: {
    importedBy?: string | null;
    /**
     * How the document is prepared (default: in a worker thread, `prepareImport`). Start-up, before
     * the server listens, may prepare the operator's own documents in process (`prepareDocument`):
     * no event loop to protect yet, and a worker costs a second or two of module loading each.
     */
    prepare?: (source: string | object) => Promise<PreparedDocument>;
  } = {},
): Promise<ImportResult> {
  const prepared = await (opts.prepare ?? prepareImport)(source);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const api = await apis.lockApiBySlug(client, slug);
    if (!api) throw new ProblemError('client.not_found', { detail: `Aucune API « ${slug.slice(0, 64)} ».` });
    const latest = await versions.findLatestSnapshotByApiId(client, api.id);
    const result = await writeVersion(client, api.id, latest, prepared, opts.importedBy ?? null);
    await apis.notifyApiChanged(client, slug);
    await client.query('COMMIT');
    invalidateResolvedApi(slug);
    return { slug, ...result };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function writeVersion(
  client: pg.PoolClient,
  apiId: string,
  latest: { seq: number; snapshot: unknown } | null,
  p: PreparedDocument,
  importedBy: string | null,
): Promise<Omit<ImportResult, 'slug'>> {
  const snapshot = snapshotOf(p.endpoints);
  const diff = latest ? diffSnapshots(latest.snapshot as Snapshot, snapshot) : null;
  const seq = (latest?.seq ?? 0) + 1;
  await endpointsStore.deleteEndpointsByApiId(client, apiId);
  await endpointsStore.insertEndpoints(
    client,
    apiId,
    p.endpoints.map((e, i) => ({
      position: i,
      operation_id: e.operationId,
      method: e.method,
      path_template: e.pathTemplate,
      summary: e.summary,
      description: e.description,
      tags: e.tags,
      deprecated: e.deprecated,
      parameters: e.parameters,
      request_body_schema: e.requestBodySchema,
      response_schema: e.responseSchema,
      security: e.security,
      fields: e.fields,
    })),
  );
  const fieldSet = new Set(p.endpoints.flatMap((e) => e.fields));
  const dangling = (await scopesStore.listScopesByApiId(client, apiId)).flatMap((s) =>
    s.pointers
      .filter((ptr) => !fieldSet.has(ptr))
      .map((ptr) => ({ pointer: ptr, detail: `le périmètre « ${s.name} » désigne un champ absent de cette version` })),
  );
  const warnings = [...p.warnings, ...dangling];
  await versions.insertApiVersion(client, {
    apiId,
    seq,
    version: p.version,
    openapiVersion: p.openapiVersion,
    sha256: p.src.sha256,
    format: p.src.format,
    document: p.src.document,
    snapshot,
    diff,
    warnings,
    importedBy,
  });
  await apis.updateApiVersionById(client, apiId, p.version);
  return { seq, version: p.version, openapiVersion: p.openapiVersion, endpoints: p.endpoints.length, diff, warnings };
}
