import { escapeToken } from '../../schemas/index.js';

/** The segment standing for "every item of an array" or "every key of a map" in field pointers. */
export const ANY = '*';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 32;

function isSchema(v: unknown): v is Schema {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Lists every field of a (dereferenced) JSON Schema as JSON pointers, parents before children:
 * `/data`, `/data/enfants`, `/data/enfants/*`, `/data/enfants/*\/nom`. Array items and
 * `additionalProperties` maps use the `*` segment. `allOf`/`oneOf`/`anyOf` contribute the union
 * of their fields. A schema met again on the current branch (recursion) or deeper than 32
 * levels stops the walk there, so circular schemas terminate.
 */
export function listSchemaFields(schema: unknown, resolveRef: RefResolver = () => undefined): string[] {
  const out = new Set<string>();
  const walk = (node: unknown, at: string, branch: Set<object>, depth: number): void =>
    walkSchema(node, at, out, branch, depth, resolveRef);
  walk(schema, '', new Set(), 0);
  return [...out];
}

/** Looks up an internal reference (`#/components/schemas/X`) left unresolved because it is circular. */
export type RefResolver = (ref: string) => unknown;

function walkSchema(node: unknown, at: string, out: Set<string>, branch: Set<object>, depth: number, resolveRef: RefResolver): void {
  const ref = isSchema(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
  const schema = ref ? resolveRef(ref) : node;
  if (!isSchema(schema) || branch.has(schema) || depth > MAX_DEPTH) return;
  const walk = (n: unknown, p: string, b: Set<object>, d: number) => walkSchema(n, p, out, b, d, resolveRef);
  branch.add(schema);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const parts = schema[key];
    if (Array.isArray(parts)) for (const p of parts) walk(p, at, branch, depth + 1);
  }
  const props = schema.properties;
  if (isSchema(props)) {
    for (const [name, sub] of Object.entries(props)) {
      const p = `${at}/${escapeToken(name)}`;
      out.add(p);
      walk(sub, p, branch, depth + 1);
    }
  }
  if (isSchema(schema.additionalProperties)) {
    const p = `${at}/${ANY}`;
    out.add(p);
    walk(schema.additionalProperties, p, branch, depth + 1);
  }
  const items = schema.items;
  if (isSchema(items) || Array.isArray(schema.prefixItems)) {
    const p = `${at}/${ANY}`;
    out.add(p);
    if (isSchema(items)) walk(items, p, branch, depth + 1);
    if (Array.isArray(schema.prefixItems)) for (const it of schema.prefixItems) walk(it, p, branch, depth + 1);
  }
  branch.delete(schema);
}
