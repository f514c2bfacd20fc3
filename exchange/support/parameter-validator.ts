/**
 * Compiled validators of an endpoint's parameters and body, cached by endpoint id (compiling
 * is costly; the hot path only runs them). A changed endpoint (catalogue re-import) is
 * recompiled. Query values arrive as strings: this ajv instance coerces them to the declared
 * types (ajv `coerceTypes: 'array'` also wraps a single value for an array parameter).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isValidSiren, isValidSiret } from '../../schemas/index.js';
import type { ResolvedEndpoint } from '../ports.js';

type Endpoint = ResolvedEndpoint['endpoint'];

const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: 'array', useDefaults: false, validateFormats: true });
addFormats.default(ajv);
ajv.addFormat('siret', { type: 'string', validate: isValidSiret });
ajv.addFormat('siren', { type: 'string', validate: isValidSiren });

const bodyAjv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(bodyAjv);

interface Cached<T> {
  source: Endpoint;
  fingerprint: string;
  value: T;
}
const paramCache = new Map<string, Cached<ValidateFunction>>();
const bodyCache = new Map<string, Cached<ValidateFunction | null>>();

function cached<T>(cache: Map<string, Cached<T>>, endpoint: Endpoint, part: () => unknown, build: () => T): T {
  const hit = cache.get(endpoint.id);
  if (hit && hit.source === endpoint) return hit.value;
  const fingerprint = JSON.stringify(part());
  if (hit && hit.fingerprint === fingerprint) {
    hit.source = endpoint;
    return hit.value;
  }
  const value = build();
  if (cache.size > 5000) cache.clear();
  cache.set(endpoint.id, { source: endpoint, fingerprint, value });
  return value;
}

/** Query + path parameters as one object schema, closed (`additionalProperties: false`). */
export function compileParameterValidator(endpoint: Endpoint): ValidateFunction {
  return cached(
    paramCache,
    endpoint,
    () => endpoint.parameters,
    () => {
      const params = endpoint.parameters.filter((p) => p.in === 'query' || p.in === 'path');
      return ajv.compile({
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, stripIds(p.schema)])),
        required: params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
        additionalProperties: false,
      });
    },
  );
}

/** The request body validator, or null when the endpoint declares no body schema. */
export function compileBodyValidator(endpoint: Endpoint): ValidateFunction | null {
  return cached(
    bodyCache,
    endpoint,
    () => endpoint.requestBodySchema,
    () => (endpoint.requestBodySchema ? bodyAjv.compile(stripIds(endpoint.requestBodySchema)) : null),
  );
}

/** Producer schemas may carry `$id`s that would clash once registered in a shared ajv. */
export function stripIds(schema: object): object {
  const { $id: _id, $schema: _s, ...rest } = schema as Record<string, unknown>;
  return rest;
}
