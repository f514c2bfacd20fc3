/** JSON Pointer (RFC 6901) helpers for mappings: parse, read, write. */

const parsed = new Map<string, string[]>();

/**
 * Reference tokens of a pointer (`/a/b~1c` -> ['a', 'b/c']); '' is the whole document.
 * Memoised: mappings use a bounded set of pointers, read on every call.
 */
export function parsePointer(pointer: string): string[] {
  let tokens = parsed.get(pointer);
  if (tokens) return tokens;
  if (pointer === '') tokens = [];
  else if (!pointer.startsWith('/')) throw new TypeError(`not a JSON pointer: ${pointer}`);
  else tokens = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parsed.size < 10_000) parsed.set(pointer, tokens);
  return tokens;
}

/** Reads the value at tokens, or undefined. Own properties only (no prototype walk). */
export function readAt(doc: unknown, tokens: string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** Writes a value at tokens, creating intermediate objects. */
export function writeAt(doc: Record<string, unknown>, tokens: string[], value: unknown): void {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    if (next === undefined) Object.defineProperty(cur, t, { value: {}, enumerable: true, writable: true, configurable: true });
    cur = cur[t] as Record<string, unknown>;
  }
  const last = tokens[tokens.length - 1]!;
  // `__proto__` as a plain assignment would set the prototype, not a member.
  if (last === '__proto__') Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  else cur[last] = value;
}
