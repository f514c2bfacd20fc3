/** JSON Pointer (RFC 6901) helpers of the in-memory catalogue adapter. */

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `body` holding only the members named by `pointers` (and their subtrees): an allowlist. */
export function maskByPointers(body: unknown, pointers: string[]): unknown {
  if (!isObject(body)) return pointers.includes('') ? body : {};
  const out: Record<string, unknown> = {};
  for (const p of pointers) {
    const tokens = p.split('/').slice(1).map(unescape);
    if (tokens.length === 0) continue;
    let src: unknown = body;
    for (const t of tokens) src = isObject(src) && Object.prototype.hasOwnProperty.call(src, t) ? src[t] : undefined;
    if (src === undefined) continue;
    let dst = out;
    for (const t of tokens.slice(0, -1)) {
      if (!isObject(dst[t])) dst[t] = {};
      dst = dst[t] as Record<string, unknown>;
    }
    // Values come from a body parsed for this exchange alone: shared, not copied.
    dst[tokens[tokens.length - 1]!] = src;
  }
  return out;
}

/** Pointers of the leaves of a JSON value (arrays count as one leaf: names, never values or counts). */
export function leafPointers(body: unknown, prefix = ''): string[] {
  if (!isObject(body)) return prefix === '' ? [] : [prefix];
  const out: string[] = [];
  for (const [k, v] of Object.entries(body)) out.push(...leafPointers(v, `${prefix}/${escape(k)}`));
  return out;
}
