/**
 * JSON Pointer (RFC 6901): the one parser of the code base. Escaping of reference tokens,
 * parsing (memoised: mappings, scopes and field links use a bounded set of pointers, read on
 * every call), building, and reading/writing a document's own members (never its prototype).
 */

/** `a/b~c` -> `a~1b~0c` (RFC 6901 §3). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `a~1b~0c` -> `a/b~c` (RFC 6901 §4: `~1` first, then `~0`). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['paths', '/a/{b}', 'get']` -> `/paths/~1a~1{b}/get`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(String(t))}`).join('');
}

const parsed = new Map<string, readonly string[]>();

/**
 * Reference tokens of a pointer (`/a/b~1c` -> ['a', 'b/c']); '' is the whole document; anything
 * not starting with '/' is refused (TypeError). The result is shared: never modify it.
 */
export function parsePointer(pointer: string): readonly string[] {
  let tokens = parsed.get(pointer);
  if (tokens) return tokens;
  if (pointer === '') tokens = [];
  else if (!pointer.startsWith('/')) throw new TypeError(`not a JSON pointer: ${pointer}`);
  else tokens = pointer.slice(1).split('/').map(unescapeToken);
  if (parsed.size < 10_000) parsed.set(pointer, tokens);
  return tokens;
}

/** The value at `tokens`, or undefined. Own members only (no prototype walk). */
export function readAt(doc: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** Writes a value at `tokens`, creating intermediate objects; `__proto__` stays a plain member. */
export function writeAt(doc: Record<string, unknown>, tokens: readonly string[], value: unknown): void {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    if (next === undefined) Object.defineProperty(cur, t, { value: {}, enumerable: true, writable: true, configurable: true });
    cur = cur[t] as Record<string, unknown>;
  }
  const last = tokens[tokens.length - 1]!;
  Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
}
