import type pg from 'pg';
import { hash as digest } from 'node:crypto';
import { GENESIS_HASH } from './hash.js';
import { encodeRawRow, type RawRecord } from './decode.js';
import { BreakList, type LedgerBreak } from './breaks.js';
import { verifyCheckpoints, type Anchors } from './verify-checkpoints.js';
import { listChainIds, listRawRowsInSeqRange, findNextSeqAfter, findChainHeadByChainId, findFirstSeqRecordedSince, findLastSeqRecordedUntil } from './store/events.js';

export interface VerifyOptions {
  /** Verify only events recorded at or after this instant (the first one's link is trusted). */
  from?: Date;
  /** ... and at or before this one. */
  to?: Date;
  /** Called after each page with events verified so far and the expected total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per keyset page (default 5,000). */
  pageSize?: number;
}

export interface ChainReport {
  chainId: string;
  events: number;
  fromSeq: number;
  toSeq: number;
  head: string | null;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  checkpoints: number;
  chains: ChainReport[];
  /** The first break of the first broken chain (chains in id order), or null. */
  firstBreak: LedgerBreak | null;
  /** Up to 100 breaks, and how many were found in all. */
  breaks: LedgerBreak[];
  breakCount: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

/** Pages in flight per chain (the database works while this process hashes). */
const PIPELINE = 3;

interface Range { chainId: string; fromSeq: number; toSeq: number; bounded: boolean }

async function planChain(pool: pg.Pool, chainId: string, opts: VerifyOptions): Promise<Range> {
  const head = await findChainHeadByChainId(pool, chainId);
  let fromSeq = 1;
  let toSeq = head?.seq ?? 0;
  if (opts.from) fromSeq = (await findFirstSeqRecordedSince(pool, chainId, opts.from)) ?? toSeq + 1;
  if (opts.to) toSeq = (await findLastSeqRecordedUntil(pool, chainId, opts.to)) ?? 0;
  return { chainId, fromSeq, toSeq, bounded: opts.to !== undefined };
}

/**
 * Walks one chain in seq-range pages (several in flight while this one is hashed) and
 * checks, for every row: no seq is missing, `prev_hash` is the previous row's hash, the hash
 * recomputed over the RFC 8785 encoding equals the stored one, and signed checkpoint heads match.
 */
async function verifyChain(pool: pg.Pool, r: Range, anchors: Anchors, breaks: BreakList, pageSize: number, progress: (n: number) => void): Promise<ChainReport> {
  const signed = anchors.get(r.chainId) ?? new Map<number, { hash: string; checkpointId: number }>();
  let expected = r.fromSeq;
  let prev: string | null = r.fromSeq === 1 ? GENESIS_HASH : null;
  let events = 0;
  const at = (seq: number) => ({ chainId: r.chainId, seq });
  const check = (row: RawRecord): void => {
    if (row.seq !== expected) {
      breaks.add({ kind: 'missing', ...at(expected), message: `chaîne ${r.chainId} : événements ${expected} à ${row.seq - 1} absents` });
      prev = null;
    }
    if (prev !== null && row.prevHash !== prev) breaks.add({ kind: 'broken_link', ...at(row.seq), message: `chaîne ${r.chainId} : l’événement ${row.seq} ne suit pas le précédent` });
    if (digest('sha256', row.encoded, 'hex') !== row.hash) breaks.add({ kind: 'hash_mismatch', ...at(row.seq), message: `chaîne ${r.chainId} : l’événement ${row.seq} a été modifié` });
    const anchor = signed.get(row.seq);
    if (anchor && anchor.hash !== row.hash) breaks.add({ kind: 'checkpoint_mismatch', ...at(row.seq), checkpointId: anchor.checkpointId, message: `chaîne ${r.chainId} : l’événement ${row.seq} diffère du point de contrôle ${anchor.checkpointId}` });
    prev = row.hash;
    expected = row.seq + 1;
    events += 1;
  };
  // Seq ranges of `pageSize`, PIPELINE of them in flight while the current one is hashed.
  let cursor = r.fromSeq - 1;
  const inFlight: Promise<(string | null)[][]>[] = [];
  let empties = 0;
  const request = () => { const a = cursor; cursor = Math.min(cursor + pageSize, r.toSeq); inFlight.push(listRawRowsInSeqRange(pool, r.chainId, a, cursor)); };
  while (cursor < r.toSeq || inFlight.length > 0) {
    while (inFlight.length < PIPELINE && cursor < r.toSeq) request();
    const page = await inFlight.shift()!;
    for (const raw of page) check(encodeRawRow(raw));
    progress(page.length);
    empties = page.length === 0 ? empties + 1 : 0;
    if (empties >= PIPELINE && cursor < r.toSeq) {
      // A long gap (rows deleted, or a forged huge seq): drain, then jump to the next existing row.
      for (const pending of inFlight.splice(0)) for (const raw of await pending) check(encodeRawRow(raw));
      const nextSeq = await findNextSeqAfter(pool, r.chainId, cursor);
      cursor = nextSeq === null ? r.toSeq : Math.max(cursor, Math.min(nextSeq - 1, r.toSeq));
      empties = 0;
    }
  }
  let lost: [number, { checkpointId: number }] | null = null;
  for (const [seq, a] of signed) {
    if (seq >= expected && (!r.bounded || seq <= r.toSeq) && (!lost || seq < lost[0])) lost = [seq, a];
  }
  if (lost) breaks.add({ kind: 'missing', ...at(expected), checkpointId: lost[1].checkpointId, message: `chaîne ${r.chainId} : événements ${expected} à ${lost[0]} signés au point de contrôle ${lost[1].checkpointId} mais absents` });
  return { chainId: r.chainId, events, fromSeq: r.fromSeq, toSeq: expected - 1, head: prev };
}

function byPlace(a: LedgerBreak, b: LedgerBreak): number {
  if (a.chainId !== b.chainId) return a.chainId === null ? 1 : b.chainId === null ? -1 : a.chainId < b.chainId ? -1 : 1;
  return (a.seq ?? Infinity) - (b.seq ?? Infinity);
}

/**
 * Verifies the whole ledger (or the events recorded between `from` and `to`): every checkpoint
 * signature, then every chain, streaming. Reports the first break precisely as `(chain, seq)`.
 */
export async function verifyLedger(pool: pg.Pool, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const t0 = performance.now();
  const breaks = new BreakList();
  const { anchors, count } = await verifyCheckpoints(pool, breaks);
  const ranges: Range[] = [];
  for (const chainId of await listChainIds(pool)) ranges.push(await planChain(pool, chainId, opts));
  const total = ranges.reduce((n, r) => n + Math.max(0, r.toSeq - r.fromSeq + 1), 0);
  let done = 0;
  opts.onProgress?.(0, total);
  const chains: ChainReport[] = [];
  for (const r of ranges) {
    chains.push(await verifyChain(pool, r, anchors, breaks, opts.pageSize ?? 5000, (n) => { done += n; opts.onProgress?.(done, total); }));
  }
  const events = chains.reduce((n, c) => n + c.events, 0);
  const elapsedMs = performance.now() - t0;
  const sorted = [...breaks.items].sort(byPlace);
  return {
    ok: breaks.total === 0, events, checkpoints: count, chains,
    firstBreak: sorted[0] ?? null, breaks: sorted, breakCount: breaks.total,
    elapsedMs, eventsPerSecond: elapsedMs > 0 ? (events * 1000) / elapsedMs : 0,
  };
}
