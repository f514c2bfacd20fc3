import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import { ProblemError, type ProblemItem, toPointer } from '../../schemas/index.js';
import { normaliseSecuritySchemes } from './normalise.js';
import { classifySchemaErrors, type AjvLikeError } from './classify-errors.js';

export type OpenApiDocument = OpenAPIV3.Document | OpenAPIV3_1.Document;

export interface ValidatedDocument {
  /** Dereferenced copy: every internal `$ref` replaced by its target, except circular ones (left as `$ref`). */
  dereferenced: OpenApiDocument;
  openapiVersion: string;
  /** Deviations from the OpenAPI schema tolerated because they sit inside JSON Schemas (e.g. `type: date`). */
  warnings: ProblemItem[];
}

const VERSION = /^3\.(0|1)\.\d+$/;

function refuse(errors: ProblemItem[]): never {
  const detail = `Document OpenAPI refusé : ${errors.length} erreur(s). ${errors
    .slice(0, 3)
    .map((e) => `${e.pointer || '/'} : ${e.detail}`)
    .join(' ; ')}`;
  throw new ProblemError('client.invalid_openapi', { detail, errors: errors.slice(0, 200) });
}

/** Every `$ref` that leaves the document: refused (no file or network access while importing). */
function findExternalRefs(node: unknown, path: string[], out: ProblemItem[], seen: Set<object>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#'))
    out.push({ pointer: toPointer([...path, '$ref']), detail: `référence externe non prise en charge : ${ref.slice(0, 200)}` });
  for (const [k, v] of Object.entries(node)) {
    path.push(k);
    findExternalRefs(v, path, out, seen);
    path.pop();
  }
}

/**
 * Validates an OpenAPI 3.0/3.1 document against the official schema and dereferences it with
 * `@apidevtools/swagger-parser`. Broken `$ref`s are all reported (`continueOnError`), each with
 * the pointer where it appears; external references are refused; circular references are left
 * as `$ref` (`circular: 'ignore'`) so the result is a finite tree and nothing recurses forever.
 */
export async function validateOpenApiDocument(source: Record<string, unknown>): Promise<ValidatedDocument> {
  const version = source.openapi;
  if (typeof version !== 'string' || !VERSION.test(version)) {
    refuse([{ pointer: '/openapi', detail: 'version OpenAPI absente ou non prise en charge (3.0.x ou 3.1.x attendue)' }]);
  }
  const external: ProblemItem[] = [];
  findExternalRefs(source, [], external, new Set());
  if (external.length) refuse(external);

  const doc = structuredClone(source);
  const warnings = normaliseSecuritySchemes(doc);
  const options = { continueOnError: true, resolve: { external: false }, dereference: { circular: 'ignore' as const } };
  try {
    await SwaggerParser.validate(structuredClone(doc) as never, { ...options, validate: { schema: true, spec: false } });
  } catch (err) {
    const { fatal, tolerated } = explain(err);
    if (fatal.length) refuse(fatal);
    warnings.push(...tolerated);
  }
  let dereferenced: OpenApiDocument;
  try {
    dereferenced = (await SwaggerParser.dereference(doc as never, options)) as OpenApiDocument;
  } catch (err) {
    refuse(explain(err).fatal);
  }
  return { dereferenced, openapiVersion: version as string, warnings };
}

/** Maps the parser's failures onto problem items (fatal ones refuse the document). */
function explain(err: unknown): { fatal: ProblemItem[]; tolerated: ProblemItem[] } {
  const group = (err as { errors?: { message: string; path?: (string | number)[] }[] }).errors;
  if (Array.isArray(group)) {
    return { fatal: group.map((e) => ({ pointer: toPointer(e.path ?? []), detail: describeRefError(e.message) })), tolerated: [] };
  }
  const details = (err as { details?: AjvLikeError[] }).details;
  if (Array.isArray(details)) return classifySchemaErrors(details);
  return { fatal: [{ pointer: '', detail: 'document OpenAPI illisible' }], tolerated: [] };
}

function describeRefError(message: string): string {
  const m = /Missing \$ref pointer "([^"]*)"/.exec(message);
  return m ? `référence introuvable : ${m[1]}` : 'référence invalide';
}
