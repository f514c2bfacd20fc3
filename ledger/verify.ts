import type pg from 'pg';
import { hash as digest } from 'node:crypto';
import { GENESIS_HASH } from './hash.js';
import { encodeRawRow, type RawRecord } from './decode.js';
import { BreakList, type LedgerBreak } from './breaks.js';
import { verifyCheckpoints, type Anchor, type Anchors } from './verify-checkpoints.js';
import type { ChainHead } from './checkpoint.js';
import type { LedgerPublicKey } from './keys.js';
import { MerkleFrontier } from './merkle.js';
import { resolveTrust } from './trust.js';
import { checkWitnesses, type WitnessConfig, type WitnessStatus } from './verify-witnesses.js';
import { listPurgeAnchors } from './store/purges.js';
import {
  listChainIds,
  listRawRowsInSeqRange,
  findNextSeqAfter,
  findChainHeadByChainId,
  findFirstSeqRecordedSince,
  findLastSeqRecordedUntil,
} from './store/events.js';

export interface VerifyOptions {
  /** Verify only events recorded at or after this instant (the first one's link is trusted). */
  from?: Date;
  /** ... and at or before this one. */
  to?: Date;
  /** Called after each page with events verified so far and the expected total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per keyset page (default 5,000). */
  pageSize?: number;
  /**
   * The keys trusted (LEDGER_PINNED_KEYS), never read from the database verified. Without them
   * the table's own keys are used and the report says so in `warnings`.
   */
  pinnedKeys?: LedgerPublicKey[];
  /** LEDGER_WITNESSES: each witness's latest co-signed checkpoint must be here, identical. */
  witnesses?: WitnessConfig[];
  /** How many witnesses must confirm (default: all configured). */
  quorum?: number;
  fetch?: typeof fetch;
}

export interface ChainReport {
  chainId: string;
  events: number;
  fromSeq: number;
  toSeq: number;
  head: string | null;
  /** First seq still in the database after purges (1 when never purged). */
  purgedUntil: number;
  /** Events after the chain's last signed head (a writer that stopped without closing it). */
  unsigned: number;
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
  /** Latest checkpoint number verified. */
  latestCheckpoint: number | null;
  witnesses: WitnessStatus[];
  /** What weakens the verdict without being a break (keys not pinned, unsigned tails...). */
  warnings: string[];
}

/** Pages in flight per chain (the database works while this process hashes). */
const PIPELINE = 3;

/** Where a purged chain resumes: last purged seq, its hash and the tree frontier there. */
interface PurgeAnchor {
  toSeq: number;
  lastHash: string;
  frontier: string;
}

interface Range {
  chainId: string;
  fromSeq: number;
  toSeq: number;
  bounded: boolean;
  purge: PurgeAnchor | null;
  last: ChainHead | undefined;
}

async function planChain(
  pool: pg.Pool,
  chainId: string,
  opts: VerifyOptions,
  purge: PurgeAnchor | null,
  last: ChainHead | undefined,
): Promise<Range> {
  const head = await findChainHeadByChainId(pool, chainId);
  let fromSeq = purge ? purge.toSeq + 1 : 1;
  let toSeq = Math.max(head?.seq ?? 0, purge?.toSeq ?? 0);
  if (opts.from) fromSeq = Math.max(fromSeq, (await findFirstSeqRecordedSince(pool, chainId, opts.from)) ?? toSeq + 1);
  if (opts.to) toSeq = (await findLastSeqRecordedUntil(pool, chainId, opts.to)) ?? 0;
  return { chainId, fromSeq, toSeq, bounded: opts.to !== undefined, purge, last };
}

/**
 * Purge anchors are taken only from `ledger.purge` events that a checkpoint covers (an event
 * appended behind the writers' backs cannot declare a purge); their frontier must fold to their root.
 */
async function loadPurgeAnchors(pool: pg.Pool, lastHeads: Map<string, ChainHead>, breaks: BreakList): Promise<Map<string, PurgeAnchor>> {
  const out = new Map<string, PurgeAnchor>();
  for (const p of await listPurgeAnchors(pool)) {
    const d = p.detail as { chain_id?: string; to_seq?: number; last_hash?: string; frontier?: string; root?: string } | null;
    const signed = p.event_chain ? lastHeads.get(p.event_chain) : undefined;
    let ok =
      d !== null &&
      d.chain_id === p.chain_id &&
      d.to_seq === p.to_seq &&
      typeof d.last_hash === 'string' &&
      typeof d.frontier === 'string' &&
      signed !== undefined &&
      p.event_seq !== null &&
      p.event_seq <= signed.seq;
    if (ok) {
      try {
        ok = MerkleFrontier.decode(p.to_seq, d!.frontier!).root().toString('hex') === d!.root;
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      breaks.add({
        kind: 'purge_invalid',
        chainId: p.chain_id,
        seq: p.to_seq,
        message: `chaîne ${p.chain_id} : la purge jusqu’à ${p.to_seq} n’est attestée par aucun événement ledger.purge signé`,
      });
      continue;
    }
    out.set(p.chain_id, { toSeq: p.to_seq, lastHash: d!.last_hash!, frontier: d!.frontier! });
  }
  return out;
}

/**
 * Walks one chain in seq-range pages (several in flight while this one is hashed) and
 * checks, for every row: no seq is missing, `prev_hash` is the previous row's hash, the hash
 * recomputed over the RFC 8785 encoding equals the stored one, and signed checkpoint heads match.
 */
async function verifyChain(
  pool: pg.Pool,
  r: Range,
  anchors: Anchors,
  breaks: BreakList,
  pageSize: number,
  progress: (n: number) => void,
): Promise<ChainReport> {
  const signed = anchors.get(r.chainId) ?? new Map<number, Anchor>();
  let expected = r.fromSeq;
  const fromPurge = r.purge !== null && r.fromSeq === r.purge.toSeq + 1;
  let prev: string | null = r.fromSeq === 1 ? GENESIS_HASH : fromPurge ? r.purge!.lastHash : null;
  // The tree is rebuilt only when the walk starts at the chain's origin or at a purge anchor.
  let tree: MerkleFrontier | null =
    r.fromSeq === 1 ? new MerkleFrontier() : fromPurge ? MerkleFrontier.decode(r.purge!.toSeq, r.purge!.frontier) : null;
  let events = 0;
  const at = (seq: number) => ({ chainId: r.chainId, seq });
  const check = (row: RawRecord): void => {
    if (row.seq !== expected) {
      breaks.add({ kind: 'missing', ...at(expected), message: `chaîne ${r.chainId} : événements ${expected} à ${row.seq - 1} absents` });
      prev = null;
      tree = null;
    }
    if (prev !== null && row.prevHash !== prev)
      breaks.add({ kind: 'broken_link', ...at(row.seq), message: `chaîne ${r.chainId} : l’événement ${row.seq} ne suit pas le précédent` });
    if (digest('sha256', row.encoded, 'hex') !== row.hash)
      breaks.add({ kind: 'hash_mismatch', ...at(row.seq), message: `chaîne ${r.chainId} : l’événement ${row.seq} a été modifié` });
    const anchor = signed.get(row.seq);
    tree?.append(row.hash);
    if (anchor && anchor.hash !== row.hash)
      breaks.add({
        kind: 'checkpoint_mismatch',
        ...at(row.seq),
        checkpointId: anchor.checkpointId,
        checkpointNumber: anchor.checkpointNumber,
        message: `chaîne ${r.chainId} : l’événement ${row.seq} diffère du point de contrôle ${anchor.checkpointNumber}`,
      });
    else if (anchor && tree && tree.root().toString('hex') !== anchor.root)
      breaks.add({
        kind: 'checkpoint_mismatch',
        ...at(row.seq),
        checkpointId: anchor.checkpointId,
        checkpointNumber: anchor.checkpointNumber,
        message: `chaîne ${r.chainId} : la racine de Merkle jusqu’à ${row.seq} diffère de celle du point de contrôle ${anchor.checkpointNumber}`,
      });
    prev = row.hash;
    expected = row.seq + 1;
    events += 1;
  };
  // Seq ranges of `pageSize`, PIPELINE of them in flight while the current one is hashed.
  let cursor = r.fromSeq - 1;
  const inFlight: Promise<(string | null)[][]>[] = [];
  let empties = 0;
  const request = () => {
    const a = cursor;
    cursor = Math.min(cursor + pageSize, r.toSeq);
    inFlight.push(listRawRowsInSeqRange(pool, r.chainId, a, cursor));
  };
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
  let lost: [number, Anchor] | null = null;
  for (const [seq, a] of signed) {
    if (seq >= expected && (!r.bounded || seq <= r.toSeq) && (!lost || seq < lost[0])) lost = [seq, a];
  }
  if (lost)
    breaks.add({
      kind: 'missing',
      ...at(expected),
      checkpointId: lost[1].checkpointId,
      checkpointNumber: lost[1].checkpointNumber,
      message: `chaîne ${r.chainId} : événements ${expected} à ${lost[0]} signés au point de contrôle ${lost[1].checkpointNumber} mais absents`,
    });
  const lastSigned = r.last?.seq ?? 0;
  let unsigned = 0;
  if (!r.bounded && expected - 1 > lastSigned) {
    if (r.last?.closed)
      breaks.add({
        kind: 'unanchored',
        ...at(lastSigned + 1),
        checkpointNumber: undefined,
        message: `chaîne ${r.chainId} : événements ${lastSigned + 1} à ${expected - 1} ajoutés après la fermeture de la chaîne par son rédacteur`,
      });
    else unsigned = expected - 1 - lastSigned;
  }
  return { chainId: r.chainId, events, fromSeq: r.fromSeq, toSeq: expected - 1, head: prev, purgedUntil: r.purge?.toSeq ?? 0, unsigned };
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
  const warnings: string[] = [];
  const trust = await resolveTrust(pool, opts.pinnedKeys);
  if (!trust.pinned)
    warnings.push('clés de signature non épinglées : les clés de la base elle-même ont été utilisées (configurer LEDGER_PINNED_KEYS)');
  for (const kid of trust.unknownKids)
    breaks.add({
      kind: 'unknown_key',
      chainId: null,
      seq: null,
      message: `clé ${kid} présente dans la base mais ni épinglée ni introduite par une rotation signée`,
    });
  for (const kid of trust.badRotations)
    breaks.add({
      kind: 'unknown_key',
      chainId: null,
      seq: null,
      message: `rotation vers la clé ${kid} non signée par une clé de confiance`,
    });
  const walk = await verifyCheckpoints(pool, breaks, trust.keys);
  const { anchors, count } = walk;
  if (walk.unnumbered > 0)
    warnings.push(
      `${walk.unnumbered} point(s) de contrôle sans numéro (antérieurs au chaînage des points de contrôle) ignorés : ils n’ancrent rien`,
    );
  const witnesses = opts.witnesses?.length
    ? await checkWitnesses(
        pool,
        {
          witnesses: opts.witnesses,
          quorum: opts.quorum,
          fetch: opts.fetch,
          trusted: trust.keys,
          shaByNumber: walk.shaByNumber,
          latest: walk.latest,
        },
        breaks,
      )
    : [];
  if (!opts.witnesses?.length)
    warnings.push(
      'aucun témoin configuré : une troncature de la fin du journal et de ses points de contrôle ne serait pas détectée (configurer LEDGER_WITNESSES)',
    );
  const purges = await loadPurgeAnchors(pool, walk.lastHeads, breaks);
  const ranges: Range[] = [];
  for (const chainId of await listChainIds(pool))
    ranges.push(await planChain(pool, chainId, opts, purges.get(chainId) ?? null, walk.lastHeads.get(chainId)));
  const total = ranges.reduce((n, r) => n + Math.max(0, r.toSeq - r.fromSeq + 1), 0);
  let done = 0;
  opts.onProgress?.(0, total);
  const chains: ChainReport[] = [];
  for (const r of ranges) {
    chains.push(
      await verifyChain(pool, r, anchors, breaks, opts.pageSize ?? 5000, (n) => {
        done += n;
        opts.onProgress?.(done, total);
      }),
    );
  }
  const events = chains.reduce((n, c) => n + c.events, 0);
  for (const c of chains)
    if (c.unsigned > 0)
      warnings.push(
        `chaîne ${c.chainId} : ${c.unsigned} événement(s) après la dernière tête signée (rédacteur arrêté sans point de contrôle final)`,
      );
  const elapsedMs = performance.now() - t0;
  const sorted = [...breaks.items].sort(byPlace);
  return {
    ok: breaks.total === 0,
    events,
    checkpoints: count,
    chains,
    firstBreak: sorted[0] ?? null,
    breaks: sorted,
    breakCount: breaks.total,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? (events * 1000) / elapsedMs : 0,
    latestCheckpoint: walk.latest?.number ?? null,
    witnesses,
    warnings,
  };
}
