import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import type { CommittedEvent, LedgerEventInput, LedgerContent } from './event.js';
import { normalizeEvent } from './normalize.js';
import { scheduleCheckpoints, type Checkpoint, type OwnChainState } from './checkpoint.js';
import { MerkleFrontier } from './merkle.js';
import { frontierAt } from './tree.js';
import type { CheckpointSigner } from './keys.js';
import { GENESIS_HASH, hashRecord } from './hash.js';
import { insertEvents, findChainHeadByChainId, insertChain, findExistingEventIds } from './store/events.js';

/** Called after each committed batch (checkpoint trigger, metrics). */
export type BatchListener = (committed: CommittedEvent[]) => void;

export interface LedgerWriterOptions {
  pool: pg.Pool;
  /** This process's chain: never shared by two live writers (`(chain_id, seq)` is unique). */
  chainId: string;
  clock: Clock;
  /** Largest batch per INSERT (1 = one INSERT per event, for comparison). Default 500. */
  maxBatch?: number;
  /** Events waiting beyond this are refused with 503 (backpressure, never a drop). Default 10,000. */
  maxQueue?: number;
  onCommit?: BatchListener;
  /**
   * A commit not acknowledged within this time fails its batch (503) instead of holding requests
   * forever on a silent network partition (default 5,000 ms). If it commits later anyway, the
   * event exists without its response — never the reverse — and the head is re-read.
   */
  commitTimeoutMs?: number;
  /** With a signer, checkpoints are taken every `checkpointEvery.events` events or `.ms` ms. */
  signer?: CheckpointSigner;
  checkpointEvery?: { events: number; ms: number };
  /** A failed checkpoint is retried later; this hears about it (logging). */
  onCheckpointError?: (err: unknown) => void;
  /** Hears of each checkpoint taken (witnesses co-sign it, publication). */
  onCheckpoint?: (c: Checkpoint) => Promise<void> | void;
  /**
   * Rows this writer did not write were found at its chain's head: the writer stops (every
   * append fails closed with 503) and its last checkpoint closes the chain at its own head.
   */
  onTamper?: (detail: { chainId: string; seq: number }) => void;
}

export interface LedgerWriterStats {
  chainId: string;
  appended: number;
  batches: number;
  failedBatches: number;
  rejectedQueueFull: number;
  queued: number;
  largestBatch: number;
  /** Committed batches by size (events per INSERT), in power-of-two buckets: `1`, `2–3`, `4–7`… */
  batchSizes: Record<string, number>;
  head: { seq: number; hash: string } | null;
}

export interface LedgerWriter {
  /** Resolves once the event's batch is COMMITTED; rejects `gateway.ledger_unavailable` otherwise. */
  append(e: LedgerEventInput): Promise<CommittedEvent>;
  /** Waits for queued events, then refuses new ones. */
  close(): Promise<void>;
  stats(): LedgerWriterStats;
  /** Signs the heads now (null without a signer or when nothing new was committed). */
  checkpointNow(): Promise<Checkpoint | null>;
  readonly chainId: string;
}

interface Pending {
  content: LedgerContent;
  resolve(e: CommittedEvent): void;
  reject(err: unknown): void;
}

const CHAIN_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function unavailable(cause?: unknown): ProblemError {
  return new ProblemError('gateway.ledger_unavailable', { headers: { 'Retry-After': '1' }, cause });
}

/**
 * Group commit (docs/architecture.md, "Data"): requests enqueue; one flush loop writes the whole queue (up to
 * `maxBatch`) as ONE multi-row INSERT as soon as the previous commit returned; each `append`
 * settles with its own batch. After a failed commit the chain head is unknown (the commit may
 * or may not have happened) and is re-read from the database before the next batch.
 */
export function createLedgerWriter(opts: LedgerWriterOptions): LedgerWriter {
  if (!CHAIN_ID.test(opts.chainId)) throw new TypeError(`invalid chain id ${opts.chainId}`);
  const maxBatch = opts.maxBatch ?? 500;
  const maxQueue = opts.maxQueue ?? 10_000;
  const commitTimeoutMs = opts.commitTimeoutMs ?? 5000;
  const queue: Pending[] = [];
  let head: { seq: number; hash: string } | null = null;
  let headKnown = false;
  let flushing: Promise<void> | null = null;
  let closed = false;
  /** The chain's Merkle tree as this writer built it (only with a signer: it signs from memory). */
  let tree: MerkleFrontier | null = null;
  let attempted: CommittedEvent[] = [];
  let compromised = false;
  const own = (closing: boolean): OwnChainState[] => {
    if (!tree || !head) return [];
    return [
      {
        chainId: opts.chainId,
        headHash: head.hash,
        frontier: tree.clone(),
        nodes: tree.takeNodes(),
        closed: closing || compromised,
        tampered: compromised,
      },
    ];
  };
  const checkpoints = opts.signer
    ? scheduleCheckpoints({
        pool: opts.pool,
        signer: opts.signer,
        clock: opts.clock,
        every: opts.checkpointEvery ?? { events: 10_000, ms: 10_000 },
        own,
        restore: (states) => {
          for (const st of states) tree?.returnNodes(st.nodes);
        },
        onCheckpoint: opts.onCheckpoint,
        onError: opts.onCheckpointError,
      })
    : null;
  const s = { appended: 0, batches: 0, failedBatches: 0, rejectedQueueFull: 0, largestBatch: 0 };
  const batchSizes: Record<string, number> = {};

  async function readHead(): Promise<{ seq: number; hash: string } | null> {
    await insertChain(opts.pool, opts.chainId);
    const { rows } = await opts.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (rows[0]?.synchronous_commit === 'off') throw new TypeError('the ledger requires synchronous_commit on (durable commits)');
    return findChainHeadByChainId(opts.pool, opts.chainId);
  }

  /**
   * After a failed commit (or at start) the head is re-read: rows beyond what this writer knows
   * must be exactly its last attempted batch (committed after all); anything else was written
   * behind its back (invariant: tamper-evident beyond the database) and stops the writer.
   */
  async function resync(dbHead: { seq: number; hash: string } | null): Promise<void> {
    if (!opts.signer) return;
    if (!tree) {
      tree = await frontierAt(opts.pool, opts.chainId, dbHead?.seq ?? 0);
      return;
    }
    const known = tree.size;
    const seq = dbHead?.seq ?? 0;
    if (seq === known && (seq === 0 || dbHead!.hash === head?.hash)) return;
    const mine = attempted.filter((e) => e.seq > known && e.seq <= seq);
    if (seq > known && mine.length === seq - known && mine[mine.length - 1]!.hash === dbHead!.hash) {
      for (const e of mine) tree.append(e.hash);
      return;
    }
    compromised = true;
    opts.onTamper?.({ chainId: opts.chainId, seq: known + 1 });
    throw new Error(`ledger chain ${opts.chainId}: rows not written by this writer found after seq ${known}`);
  }

  function chain(batch: Pending[]): CommittedEvent[] {
    const recordedAt = opts.clock.now().getTime();
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_HASH;
    return batch.map((p) => {
      seq += 1;
      const record = { chain_id: opts.chainId, seq, prev_hash: prev, ...p.content, recorded_at: recordedAt };
      const hash = hashRecord(record);
      prev = hash;
      return { ...record, hash };
    });
  }

  /** Every database step of a flush is bounded (a silent partition must not hold requests). */
  async function bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`ledger database step not acknowledged within ${commitTimeoutMs} ms`)), commitTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
  const insert = (events: CommittedEvent[]) => bounded(insertEvents(opts.pool, events));

  /** A duplicate event id is the caller's bug: refused alone, never failing its batch-mates. */
  async function dropDuplicates(batch: Pending[], err: unknown): Promise<Pending[] | null> {
    const pgErr = err as { code?: string; constraint?: string };
    if (pgErr.code !== '23505' || pgErr.constraint !== 'ledger_events_id_key') return null;
    const existing = new Set(
      await findExistingEventIds(
        opts.pool,
        batch.map((p) => p.content.id),
      ),
    );
    const seen = new Set<string>();
    return batch.filter((p) => {
      const dup = existing.has(p.content.id) || seen.has(p.content.id);
      seen.add(p.content.id);
      if (dup) p.reject(new TypeError(`duplicate ledger event id ${p.content.id}`));
      return !dup;
    });
  }

  async function flush(batch: Pending[]): Promise<void> {
    let events: CommittedEvent[];
    try {
      if (compromised) throw new Error(`ledger chain ${opts.chainId} stopped after tampering`);
      if (!headKnown) {
        const dbHead = await bounded(readHead());
        await bounded(resync(dbHead));
        head = dbHead;
        headKnown = true;
      }
      events = chain(batch);
      attempted = events;
      try {
        await insert(events);
      } catch (err) {
        const rest = await dropDuplicates(batch, err);
        if (rest === null) throw err;
        batch = rest;
        if (batch.length === 0) return;
        events = chain(batch);
        attempted = events;
        await insert(events);
      }
    } catch (err) {
      headKnown = false;
      s.failedBatches += 1;
      const problem = err instanceof TypeError ? err : unavailable(err);
      for (const p of batch) p.reject(problem);
      return;
    }
    const last = events[events.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    if (tree) for (const e of events) tree.append(e.hash);
    s.batches += 1;
    s.appended += events.length;
    s.largestBatch = Math.max(s.largestBatch, events.length);
    const low = 2 ** Math.floor(Math.log2(events.length));
    const bucket = low === 1 ? '1' : `${low}–${low * 2 - 1}`;
    batchSizes[bucket] = (batchSizes[bucket] ?? 0) + 1;
    batch.forEach((p, i) => p.resolve(events[i]!));
    checkpoints?.noteCommitted(events.length);
    try {
      opts.onCommit?.(events);
    } catch {
      /* a listener never breaks the writer */
    }
  }

  async function loop(): Promise<void> {
    while (queue.length > 0) await flush(queue.splice(0, maxBatch));
    flushing = null;
  }

  return {
    chainId: opts.chainId,
    append(e) {
      if (closed) return Promise.reject(unavailable());
      let content: LedgerContent;
      try {
        content = normalizeEvent(e);
      } catch (err) {
        return Promise.reject(err);
      }
      if (queue.length >= maxQueue) {
        s.rejectedQueueFull += 1;
        return Promise.reject(unavailable());
      }
      return new Promise<CommittedEvent>((resolve, reject) => {
        queue.push({ content, resolve, reject });
        flushing ??= loop();
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      await checkpoints?.close();
    },
    checkpointNow: async () => (checkpoints ? checkpoints.checkpointNow() : null),
    stats: () => ({ chainId: opts.chainId, ...s, batchSizes: { ...batchSizes }, queued: queue.length, head }),
  };
}
