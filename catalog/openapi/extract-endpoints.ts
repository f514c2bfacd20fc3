import { type ProblemItem, toPointer, parsePointer } from '../../schemas/index.js';
import type { Endpoint, EndpointParameter } from '../types.js';
import { listSchemaFields } from './fields.js';
import { toFiniteJson } from './finite-json.js';
import type { OpenApiDocument } from './validate-document.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** An operation of the document, ready to be stored (an endpoint before it has an id). */
export type EndpointDraft = Omit<Endpoint, 'id'>;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Resolves `#/...` in the document (circular references stay as `$ref` after dereferencing). */
function refResolver(doc: unknown): (ref: string) => unknown {
  return (ref) => {
    if (!ref.startsWith('#')) return undefined;
    let node: unknown = doc;
    for (const token of parsePointer(decodeURIComponent(ref.slice(1)))) {
      if (!node || typeof node !== 'object') return undefined;
      node = (node as Obj)[token];
    }
    return node;
  };
}

/** The JSON body schema of a content map: `application/json`, then any `+json`, then the first. */
function jsonSchemaOf(content: unknown): object | null {
  const c = obj(content);
  const key =
    Object.keys(c).find((k) => /^application\/json\b/i.test(k)) ?? Object.keys(c).find((k) => /\+json\b/i.test(k)) ?? Object.keys(c)[0];
  const schema = key ? obj(c[key]).schema : undefined;
  return schema && typeof schema === 'object' ? (schema as object) : null;
}

/** The success response: the lowest 2xx code, then `2XX`, then `default`. */
function successResponse(responses: unknown): Obj | null {
  const r = obj(responses);
  const code =
    Object.keys(r)
      .filter((k) => /^2\d\d$/.test(k))
      .sort()[0] ?? (r['2XX'] ? '2XX' : r.default ? 'default' : undefined);
  return code ? obj(r[code]) : null;
}

/** Path-level and operation-level parameters merged (operation wins on name + in, OpenAPI §4.8.10). */
function parametersOf(pathItem: Obj, op: Obj, resolve: (ref: string) => unknown): EndpointParameter[] {
  const merged = new Map<string, EndpointParameter>();
  for (const p of [
    ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ]) {
    const o = obj(p);
    if (typeof o.name !== 'string' || typeof o.in !== 'string') continue;
    const schema = toFiniteJson(o.schema ?? jsonSchemaOf(o.content) ?? {}, resolve);
    merged.set(`${o.in}:${o.name}`, {
      name: o.name,
      in: o.in as EndpointParameter['in'],
      required: o.in === 'path' ? true : o.required === true,
      ...(typeof o.description === 'string' ? { description: o.description } : {}),
      schema: schema as object,
    });
  }
  return [...merged.values()];
}

/** `get /a/{b}` -> `get_a_b` when the document names no operationId. */
function syntheticOperationId(method: string, path: string): string {
  return `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_')}`.replace(/_+$/, '');
}

/**
 * Turns every operation of a dereferenced document into an endpoint draft. Also checks what the
 * OpenAPI schema cannot: operationIds are unique (§4.8.10) and every `{param}` of a path template
 * is declared as a path parameter. Returns the problems instead of throwing so all are reported.
 */
export function extractEndpoints(doc: OpenApiDocument): { endpoints: EndpointDraft[]; errors: ProblemItem[] } {
  const endpoints: EndpointDraft[] = [];
  const errors: ProblemItem[] = [];
  const seen = new Map<string, string>();
  const resolve = refResolver(doc);
  for (const [path, rawItem] of Object.entries(obj(doc.paths))) {
    const pathItem = obj(rawItem);
    for (const method of METHODS) {
      if (!pathItem[method]) continue;
      const op = obj(pathItem[method]);
      const at = toPointer(['paths', path, method]);
      const operationId = typeof op.operationId === 'string' && op.operationId ? op.operationId : syntheticOperationId(method, path);
      const first = seen.get(operationId);
      if (first) errors.push({ pointer: `${at}/operationId`, detail: `operationId « ${operationId} » déjà utilisé par ${first}` });
      seen.set(operationId, at);
      const parameters = parametersOf(pathItem, op, resolve);
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
        if (!parameters.some((p) => p.in === 'path' && p.name === name))
          errors.push({ pointer: at, detail: `paramètre de chemin « ${name} » non déclaré` });
      }
      const response = successResponse(op.responses);
      const responseSchemaRaw = response ? jsonSchemaOf(response.content) : null;
      const bodySchemaRaw = jsonSchemaOf(obj(op.requestBody).content);
      endpoints.push({
        operationId,
        method,
        pathTemplate: path,
        summary: typeof op.summary === 'string' ? op.summary : '',
        description: typeof op.description === 'string' ? op.description : '',
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        deprecated: op.deprecated === true,
        parameters,
        requestBodySchema: bodySchemaRaw ? (toFiniteJson(bodySchemaRaw, resolve) as object) : null,
        responseSchema: responseSchemaRaw ? (toFiniteJson(responseSchemaRaw, resolve) as object) : null,
        security: (Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : []) as Record<
          string,
          string[]
        >[],
        fields: listSchemaFields(responseSchemaRaw, resolve),
      });
    }
  }
  return { endpoints, errors };
}
