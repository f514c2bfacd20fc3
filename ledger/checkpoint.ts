import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import type { CheckpointSigner } from './keys.js';
import { listUnsignedChainHeads } from './store/events.js';
import { insertCheckpoint, insertCheckpointHeads } from './store/checkpoints.js';

/** A head as signed: the last `(seq, hash)` of one chain. */
export interface ChainHead {
  chain_id: string;
  seq: number;
  hash: string;
}

/** The signed payload of a checkpoint (compact JWS, ES256). */
export interface CheckpointPayload {
  typ: 'datapedia.ledger.checkpoint';
  /** Creation time, epoch milliseconds. */
  created_at: number;
  heads: ChainHead[];
}

export interface Checkpoint {
  id: number;
  createdAt: Date;
  kid: string;
  jws: string;
  heads: ChainHead[];
}

/**
 * Signs the head of every chain (committed rows only) that no earlier checkpoint covers, and
 * stores the checkpoint; returns null when every head is already signed. A checkpoint anchors
 * every event up to each head: a row changed, removed or rewritten before it no longer matches
 * the signed hash. Heads of idle chains stay anchored by the checkpoint that signed them.
 */
export async function createCheckpoint(pool: pg.Pool, signer: CheckpointSigner, clock: Clock): Promise<Checkpoint | null> {
  const found = await listUnsignedChainHeads(pool);
  if (found.length === 0) return null;
  const createdAt = clock.now();
  const heads = found.map((h) => ({ chain_id: h.chainId, seq: h.seq, hash: h.hash }));
  const payload: CheckpointPayload = { typ: 'datapedia.ledger.checkpoint', created_at: createdAt.getTime(), heads };
  const jws = await signer.sign(payload);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const id = await insertCheckpoint(client, createdAt, signer.kid, jws);
    await insertCheckpointHeads(client, id, found);
    await client.query('COMMIT');
    return { id, createdAt, kid: signer.kid, jws, heads };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface CheckpointScheduler {
  /** Counts committed events; takes a checkpoint once `events` accumulated. */
  noteCommitted(n: number): void;
  /** Takes a checkpoint now (if anything happened since the last one). */
  checkpointNow(): Promise<Checkpoint | null>;
  close(): Promise<void>;
}

/**
 * Checkpoints every `events` committed events or every `ms` milliseconds, whichever comes first,
 * one at a time. A failed checkpoint is retried at the next trigger (it never blocks appends).
 */
export function scheduleCheckpoints(opts: { pool: pg.Pool; signer: CheckpointSigner; clock: Clock; every: { events: number; ms: number }; onError?: (err: unknown) => void }): CheckpointScheduler {
  let pending = 0;
  let running: Promise<Checkpoint | null> | null = null;
  async function run(): Promise<Checkpoint | null> {
    if (running) return running;
    const taken = pending;
    running = createCheckpoint(opts.pool, opts.signer, opts.clock)
      .then((c) => { pending -= taken; return c; })
      .catch((err: unknown) => { opts.onError?.(err); return null; })
      .finally(() => { running = null; });
    return running;
  }
  const timer = setInterval(() => { if (pending > 0) void run(); }, opts.every.ms);
  timer.unref();
  return {
    noteCommitted(n) {
      pending += n;
      if (pending >= opts.every.events) void run();
    },
    checkpointNow: async () => { if (running) await running; return pending > 0 ? run() : null; },
    async close() {
      clearInterval(timer);
      if (running) await running;
      if (pending > 0) await run();
    },
  };
}
