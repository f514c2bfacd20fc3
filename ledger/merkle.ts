import { hash } from 'node:crypto';

/**
 * The Merkle tree of one chain (RFC 9162 §2.1): leaf i is the 32-byte hash of the event at
 * seq i + 1, its leaf hash SHA-256(0x00 || event hash), an interior node SHA-256(0x01 || left ||
 * right). Server side (synchronous node:crypto); the offline checks are in `merkle-verify.ts`.
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(eventHashHex: string): Buffer {
  return hash('sha256', Buffer.concat([LEAF, Buffer.from(eventHashHex, 'hex')]), 'buffer') as unknown as Buffer;
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE, left, right]), 'buffer') as unknown as Buffer;
}

/** Interior nodes at this level and above (subtrees of 256 leaves or more) are stored. */
export const STORED_LEVEL = 8;

/** A perfect subtree completed while appending: `level`, `index` = first leaf >> level. */
export interface MerkleNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The compact range of a tree of `size` leaves: the roots of its perfect subtrees, one per set
 * bit of `size`, largest first. Appending a leaf costs one leaf hash and, amortised, one node
 * hash; the root is a right fold of the frontier (RFC 9162 §2.1.1, MTH split at the largest
 * power of two).
 */
export class MerkleFrontier {
  /** Completed nodes at `STORED_LEVEL` and above, not yet taken by `takeNodes`. */
  private pending: MerkleNode[] = [];
  constructor(
    public size = 0,
    private readonly roots: Buffer[] = [],
  ) {
    if (roots.length !== popcount(size)) throw new TypeError(`frontier of size ${size} needs ${popcount(size)} roots`);
  }

  append(eventHashHex: string): void {
    let h = leafHash(eventHashHex);
    let level = 0;
    // Merge while the previous subtree has the same level: bit `level` of size was set.
    while ((this.size >> level) & 1) {
      h = nodeHash(this.roots.pop()!, h);
      level += 1;
      if (level >= STORED_LEVEL) this.pending.push({ level, index: Math.floor(this.size / 2 ** level), hash: h });
    }
    this.roots.push(h);
    this.size += 1;
  }

  root(): Buffer {
    if (this.size === 0) return hash('sha256', Buffer.alloc(0), 'buffer') as unknown as Buffer;
    let r = this.roots[this.roots.length - 1]!;
    for (let i = this.roots.length - 2; i >= 0; i--) r = nodeHash(this.roots[i]!, r);
    return r;
  }

  /** Hex serialisation of the perfect-subtree roots (stored with each checkpoint head). */
  encode(): string {
    return this.roots.map((r) => r.toString('hex')).join('');
  }

  static decode(size: number, encoded: string): MerkleFrontier {
    const roots: Buffer[] = [];
    for (let i = 0; i < encoded.length; i += 64) roots.push(Buffer.from(encoded.slice(i, i + 64), 'hex'));
    return new MerkleFrontier(size, roots);
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.size, [...this.roots]);
  }

  takeNodes(): MerkleNode[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Gives back nodes a failed checkpoint did not store. */
  returnNodes(nodes: MerkleNode[]): void {
    this.pending.unshift(...nodes);
  }
}

export function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/** Largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A range of leaves [start, end) whose MTH a proof needs. */
export type LeafRange = [number, number];

/** RFC 9162 §2.1.3.1 PATH(m, D[0:n]) as the list of ranges whose MTH forms the audit path, leaf first. */
export function inclusionRanges(m: number, n: number): LeafRange[] {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} outside a tree of ${n}`);
  const out: LeafRange[] = [];
  const walk = (m0: number, a: number, b: number): void => {
    if (b - a <= 1) return;
    const k = splitPoint(b - a);
    if (m0 < k) {
      walk(m0, a, a + k);
      out.push([a + k, b]);
    } else {
      walk(m0 - k, a + k, b);
      out.push([a, a + k]);
    }
  };
  walk(m, 0, n);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), as ranges. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (m < 0 || m > n) throw new RangeError(`consistency ${m} -> ${n}`);
  if (m === 0 || m === n) return [];
  const out: LeafRange[] = [];
  const sub = (m0: number, a: number, b: number, whole: boolean): void => {
    const size = b - a;
    if (m0 === size) {
      if (!whole) out.push([a, b]);
      return;
    }
    const k = splitPoint(size);
    if (m0 <= k) {
      sub(m0, a, a + k, whole);
      out.push([a + k, b]);
    } else {
      sub(m0 - k, a + k, b, false);
      out.push([a, a + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/** The perfect, aligned subtrees `(level, index)` whose fold is MTH(D[a:b]) for RFC 9162 ranges. */
export function perfectPieces([a, b]: LeafRange): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  const walk = (x: number, y: number): void => {
    const size = y - x;
    if ((size & (size - 1)) === 0 && x % size === 0) {
      out.push({ level: Math.log2(size), index: x / size });
      return;
    }
    const k = splitPoint(size);
    walk(x, x + k);
    walk(x + k, y);
  };
  walk(a, b);
  return out;
}

/** MTH of a range from the roots of its perfect pieces, in `perfectPieces` order. */
export function foldPieces(range: LeafRange, get: (level: number, index: number) => Buffer): Buffer {
  const walk = (x: number, y: number): Buffer => {
    const size = y - x;
    if ((size & (size - 1)) === 0 && x % size === 0) return get(Math.log2(size), x / size);
    const k = splitPoint(size);
    return nodeHash(walk(x, x + k), walk(x + k, y));
  };
  return walk(range[0], range[1]);
}

/** MTH of consecutive leaf hashes (a perfect subtree when their count is a power of two). */
export function rootOfLeaves(leaves: Buffer[]): Buffer {
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2) throw new TypeError('rootOfLeaves needs a power of two');
    level = next;
  }
  return level[0]!;
}
