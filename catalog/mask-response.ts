import { ANY } from './openapi/fields.js';
import { parsePointer, escapeToken } from '../schemas/index.js';

/** A node of the grant tree: `all` releases the whole subtree. */
interface GrantNode {
  all: boolean;
  children: Map<string, GrantNode>;
}

const newNode = (): GrantNode => ({ all: false, children: new Map() });

function buildTree(grants: { pointers: string[] }[]): GrantNode {
  const root = newNode();
  for (const g of grants) {
    for (const pointer of g.pointers) {
      if (!pointer.startsWith('/')) continue; // '' (whole document) is never a grant
      let node = root;
      for (const seg of parsePointer(pointer)) {
        let next = node.children.get(seg);
        if (!next) node.children.set(seg, (next = newNode()));
        node = next;
      }
      node.all = true;
    }
  }
  return root;
}

/** The grants that apply to an object member: the ones naming it plus the `*` ones. */
function childFor(node: GrantNode, key: string): GrantNode | undefined {
  const exact = node.children.get(key);
  const any = key === ANY ? undefined : node.children.get(ANY);
  if (!exact || !any) return exact ?? any;
  return merge(exact, any);
}

function merge(a: GrantNode, b: GrantNode): GrantNode {
  const out: GrantNode = { all: a.all || b.all, children: new Map(a.children) };
  for (const [k, v] of b.children) {
    const mine = out.children.get(k);
    out.children.set(k, mine ? merge(mine, v) : v);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function maskValue(value: unknown, node: GrantNode): unknown {
  if (node.all) return value;
  if (Array.isArray(value)) {
    const items = node.children.get(ANY);
    if (!items) return undefined;
    return value.map((v) => maskValue(v, items)).filter((v) => v !== undefined);
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const child = childFor(node, key);
      if (!child) continue;
      const kept = maskValue(value[key], child);
      // defineProperty: a member named "__proto__" stays data, never a prototype change.
      if (kept !== undefined) Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return undefined; // a scalar where only some sub-fields are granted: nothing of it is granted
}

/**
 * Keeps only the fields released by the granted scopes (docs/architecture.md, invariant 3: minimisation by
 * allowlist). A pointer grants its whole subtree; `*` matches every array item and every object
 * member at its level; array items are addressed with `*` only (never by index). Objects on the
 * way to a granted field are kept (possibly empty); anything not named is dropped, including
 * scalars found where a granted sub-field was expected. The input is not modified.
 */
export function maskResponse(body: unknown, grantedScopes: { pointers: string[] }[]): unknown {
  const masked = maskValue(body, buildTree(grantedScopes));
  return masked === undefined ? (isPlainObject(body) ? {} : null) : masked;
}

/** True when the field at `path` (concrete tokens; array items as `*` or indices) is within `grant`. */
export function fieldCovers(grant: string, path: string): boolean {
  const g = parsePointer(grant);
  const p = parsePointer(path);
  if (g.length === 0 || g.length > p.length) return false;
  return g.every((seg, i) => seg === ANY || seg === p[i]);
}

/**
 * The fields present in a body, as JSON pointers of its leaves (scalars, null, empty containers),
 * array indices written `*` and duplicates removed: what the ledger records (names, never values).
 */
export function fieldsDelivered(body: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, at: string): void => {
    if (Array.isArray(v)) {
      if (!v.length && at) out.add(at);
      for (const item of v) walk(item, `${at}/${ANY}`);
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (!keys.length && at) out.add(at);
      for (const k of keys) walk(v[k], `${at}/${escapeToken(k)}`);
    } else if (at) {
      out.add(at);
    }
  };
  walk(body, '');
  return [...out];
}
