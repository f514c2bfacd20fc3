/**
 * A JSON-safe copy of a dereferenced schema. Circular references were left by the parser as
 * `{ $ref: '#/...' }`; they are replaced by a permissive schema that names the recursion
 * (`x-datapedia-recursive`), so the stored schema compiles on its own and stays finite.
 * Shared sub-objects (not cycles) are copied where they appear.
 */
export function toFiniteJson(
  value: unknown,
  resolveRef: (ref: string) => unknown = () => undefined,
  branch: Set<object> = new Set(),
): unknown {
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#')) {
    const target = resolveRef(ref);
    if (!target || typeof target !== 'object' || branch.has(target)) return { 'x-datapedia-recursive': ref };
    return toFiniteJson(target, resolveRef, branch);
  }
  if (branch.has(value)) return { 'x-datapedia-recursive': true };
  branch.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => toFiniteJson(v, resolveRef, branch));
  else out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFiniteJson(v, resolveRef, branch)]));
  branch.delete(value);
  return out;
}
