import { ProblemError, type ProblemItem } from '../../schemas/index.js';
import { readOpenApiObject, readOpenApiText, type SourceDocument } from './read-document.js';
import { validateOpenApiDocument } from './validate-document.js';
import { extractEndpoints, type EndpointDraft } from './extract-endpoints.js';

/** Everything an import needs, computed before any write. */
export interface PreparedDocument {
  src: SourceDocument;
  endpoints: EndpointDraft[];
  version: string;
  openapiVersion: string;
  warnings: ProblemItem[];
}

/** Parses, validates, dereferences and extracts the endpoints of a document (CPU only, no I/O). */
export async function prepareDocument(source: string | object): Promise<PreparedDocument> {
  const src = typeof source === 'string' ? readOpenApiText(source) : readOpenApiObject(source);
  const { dereferenced, openapiVersion, warnings } = await validateOpenApiDocument(src.document);
  const { endpoints, errors } = extractEndpoints(dereferenced);
  if (errors.length)
    throw new ProblemError('client.invalid_openapi', {
      detail: `Document OpenAPI refusé : ${errors[0]!.pointer} : ${errors[0]!.detail}`,
      errors,
    });
  if (!endpoints.length)
    throw new ProblemError('client.invalid_openapi', {
      detail: 'Le document ne décrit aucune opération.',
      errors: [{ pointer: '/paths', detail: 'aucune opération' }],
    });
  const version = String((src.document.info as { version?: unknown } | undefined)?.version ?? '');
  return { src, endpoints, version, openapiVersion, warnings };
}
