/**
 * RFC 8785 (JCS) for values that come out of `JSON.parse` or were checked by `normalizeEvent`
 * (plain objects, arrays, strings without lone surrogates, finite numbers, booleans, null):
 * object keys sorted by UTF-16 code units (§3.2.3, the default `Array.prototype.sort` order),
 * strings and numbers serialised as ECMAScript's JSON.stringify does (§3.2.2). The verifier
 * calls it for every jsonb value, so it skips the general package's checks (toJSON, cycles,
 * lone surrogates) that such values cannot need; a property test pins it to `canonicalize`.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + canonicalJson(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${canonicalJson(o[keys[i]!])}`;
  return `${out}}`;
}
