import type { Queryable } from './store/events.js';
import { listMerkleNodes, listEventHashesBySeqRange } from './store/merkle.js';
import {
  STORED_LEVEL,
  MerkleFrontier,
  consistencyRanges,
  foldPieces,
  inclusionRanges,
  leafHash,
  perfectPieces,
  rootOfLeaves,
  type LeafRange,
} from './merkle.js';

const key = (level: number, index: number) => `${level}:${index}`;

/**
 * MTH of each range of a chain's tree, reading O(log n) stored nodes (level >= 8) and the leaf
 * hashes of at most the 256-leaf blocks the ranges cut. A node not stored (a tail no checkpoint
 * covered) is computed from its leaves. Throws when a needed leaf no longer exists.
 */
export async function rangeRoots(db: Queryable, chainId: string, ranges: LeafRange[]): Promise<Buffer[]> {
  const pieces = ranges.flatMap(perfectPieces);
  const big = pieces.filter((p) => p.level >= STORED_LEVEL);
  const nodes = await listMerkleNodes(db, chainId, big);
  const leafBlocks = new Set<number>();
  for (const p of pieces) if (p.level < STORED_LEVEL) leafBlocks.add(Math.floor((p.index * 2 ** p.level) / 2 ** STORED_LEVEL));
  const leaves = new Map<number, Buffer>();
  const readLeaves = async (from: number, to: number): Promise<void> => {
    const rows = await listEventHashesBySeqRange(db, chainId, from + 1, to);
    for (const r of rows) leaves.set(r.seq - 1, leafHash(r.hash));
  };
  const size = 2 ** STORED_LEVEL;
  const maxEnd = Math.max(0, ...ranges.map((r) => r[1]));
  await Promise.all([...leafBlocks].map((b) => readLeaves(b * size, Math.min((b + 1) * size, maxEnd))));
  for (const p of big) {
    if (nodes.has(key(p.level, p.index))) continue;
    const from = p.index * 2 ** p.level;
    await readLeaves(from, from + 2 ** p.level);
    const run: Buffer[] = [];
    for (let i = from; i < from + 2 ** p.level; i++) run.push(leafAt(i));
    nodes.set(key(p.level, p.index), rootOfLeaves(run));
  }
  function leafAt(i: number): Buffer {
    const l = leaves.get(i);
    if (!l) throw new Error(`chain ${chainId}: leaf ${i} unavailable (purged or missing)`);
    return l;
  }
  const get = (level: number, index: number): Buffer => {
    if (level >= STORED_LEVEL) return nodes.get(key(level, index))!;
    const from = index * 2 ** level;
    const run: Buffer[] = [];
    for (let i = from; i < from + 2 ** level; i++) run.push(leafAt(i));
    return rootOfLeaves(run);
  };
  return ranges.map((r) => foldPieces(r, get));
}

/** RFC 9162 §2.1.3 inclusion proof of the event at `seq` in the chain's tree of `treeSize` leaves. */
export async function inclusionProof(db: Queryable, chainId: string, seq: number, treeSize: number): Promise<Buffer[]> {
  return rangeRoots(db, chainId, inclusionRanges(seq - 1, treeSize));
}

/** RFC 9162 §2.1.4 consistency proof between two sizes of the chain's tree. */
export async function consistencyProof(db: Queryable, chainId: string, size1: number, size2: number): Promise<Buffer[]> {
  return rangeRoots(db, chainId, consistencyRanges(size1, size2));
}

/** The frontier of the chain's tree at `size` (its perfect subtrees, largest first). */
export async function frontierAt(db: Queryable, chainId: string, size: number): Promise<MerkleFrontier> {
  if (size === 0) return new MerkleFrontier();
  const pieces = perfectPieces([0, size]);
  const roots = await rangeRoots(
    db,
    chainId,
    pieces.map((p) => [p.index * 2 ** p.level, (p.index + 1) * 2 ** p.level] as LeafRange),
  );
  return new MerkleFrontier(size, roots);
}
