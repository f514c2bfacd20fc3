import type pg from 'pg';
import { hash } from 'node:crypto';
import type { Clock } from '../schemas/index.js';
import type { CheckpointSigner } from './keys.js';
import { MerkleFrontier, type MerkleNode } from './merkle.js';
import { frontierAt } from './tree.js';
import { findChainHeadByChainId, listRegisteredChainIds } from './store/events.js';
import { listEventHashesBySeqRange, insertMerkleNodes } from './store/merkle.js';
import {
  findLatestCheckpoint,
  insertCheckpoint,
  insertCheckpointHeads,
  listCheckpointHeadsByCheckpointIds,
  type HeadRow,
} from './store/checkpoints.js';

/** A head as signed: size `seq`, last event `hash`, RFC 9162 Merkle `root` of the chain. */
export interface ChainHead {
  chain_id: string;
  seq: number;
  hash: string;
  root: string;
  /** The chain's writer stopped: no event may follow this head. */
  closed?: true;
}

/** The signed payload of a checkpoint (compact JWS, ES256). */
export interface CheckpointPayload {
  typ: 'datapedia.ledger.checkpoint';
  /** 1, 2, 3... without gaps. */
  number: number;
  /** Hex SHA-256 of the previous checkpoint's compact JWS (64 zeros for number 1). */
  prev: string;
  /** Creation time, epoch milliseconds. */
  created_at: number;
  /** Every chain's latest signed head (heads this checkpoint does not move are carried over). */
  heads: ChainHead[];
}

export interface Checkpoint {
  id: number;
  number: number;
  /** Hex SHA-256 of `jws`: what witnesses co-sign and the next checkpoint chains to. */
  sha256: string;
  createdAt: Date;
  kid: string;
  jws: string;
  heads: ChainHead[];
}

/** What the writer of a chain knows of it in memory (never read back from the database). */
export interface OwnChainState {
  chainId: string;
  headHash: string;
  frontier: MerkleFrontier;
  nodes: MerkleNode[];
  closed: boolean;
  /** The writer met rows it did not write: its own (lower) head is signed anyway, so that the move back is reported. */
  tampered?: boolean;
}

export const GENESIS_CHECKPOINT = '0'.repeat(64);
/** Serialises checkpoint creation across processes (numbers stay gap-free). */
const CHECKPOINT_LOCK = 4242_0502;

export const sha256Hex = (s: string): string => hash('sha256', s, 'hex');

interface Draft {
  head: ChainHead;
  frontier: string;
  nodes: MerkleNode[];
}

/** DB mode: extend a chain's previous signed head with the rows committed since (operator command). */
async function extendFromDatabase(client: pg.PoolClient, chainId: string, prev: HeadRow | undefined): Promise<Draft | null> {
  if (prev?.closed) return null;
  const head = await findChainHeadByChainId(client, chainId);
  if (!head || (prev && head.seq <= prev.seq)) return null;
  const frontier =
    prev?.frontier != null ? MerkleFrontier.decode(prev.seq, prev.frontier) : await frontierAt(client, chainId, prev?.seq ?? 0);
  for (let from = frontier.size + 1; from <= head.seq; from += 10_000) {
    for (const r of await listEventHashesBySeqRange(client, chainId, from, Math.min(from + 9_999, head.seq))) {
      if (r.seq !== frontier.size + 1) throw new Error(`chain ${chainId}: seq ${frontier.size + 1} missing, cannot sign`);
      frontier.append(r.hash);
    }
  }
  return {
    head: { chain_id: chainId, seq: head.seq, hash: head.hash, root: frontier.root().toString('hex') },
    frontier: frontier.encode(),
    nodes: frontier.takeNodes(),
  };
}

/**
 * Takes the next checkpoint: number = previous + 1, `prev` = SHA-256 of the previous JWS, the
 * heads of the previous checkpoint carried over and moved where chains advanced. The `own` chains
 * of the calling writer are signed from its memory: a row appended to the database behind its
 * back is never signed, and the writer stops when it meets one. Other chains are extended from
 * the database unless their writer closed them (a closed head never moves: a row appended after
 * it is reported). A live writer whose chain was extended with a row it did not write closes
 * its chain below that head, which the verifier reports as a head moving back. Returns null
 * when no head moved.
 */
export async function createCheckpoint(
  pool: pg.Pool,
  signer: CheckpointSigner,
  clock: Clock,
  opts: { own?: OwnChainState[] } = {},
): Promise<Checkpoint | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
    const last = await findLatestCheckpoint(client);
    const prevHeads = last ? await listCheckpointHeadsByCheckpointIds(client, [last.id]) : [];
    const byChain = new Map(prevHeads.map((h) => [h.chain_id, h]));
    const drafts = new Map<string, Draft>();
    const ownIds = new Set((opts.own ?? []).map((o) => o.chainId));
    for (const o of opts.own ?? []) {
      const prev = byChain.get(o.chainId);
      if (o.frontier.size === 0 || (prev && prev.seq === o.frontier.size && prev.closed === o.closed)) continue;
      // Another process may have signed rows this writer committed but had not yet added to its
      // tree (between its commit and its append): carry that head over, never sign a lower one.
      if (prev && prev.seq > o.frontier.size && !o.tampered) continue;
      drafts.set(o.chainId, {
        head: {
          chain_id: o.chainId,
          seq: o.frontier.size,
          hash: o.headHash,
          root: o.frontier.root().toString('hex'),
          ...(o.closed ? { closed: true as const } : {}),
        },
        frontier: o.frontier.encode(),
        nodes: o.nodes,
      });
    }
    for (const chainId of await listRegisteredChainIds(client)) {
      if (ownIds.has(chainId)) continue;
      const d = await extendFromDatabase(client, chainId, byChain.get(chainId));
      if (d) drafts.set(chainId, d);
    }
    if (drafts.size === 0) {
      await client.query('ROLLBACK');
      return null;
    }
    const rows = new Map<string, { head: ChainHead; frontier: string }>();
    for (const h of prevHeads)
      rows.set(h.chain_id, {
        head: { chain_id: h.chain_id, seq: h.seq, hash: h.hash, root: h.root ?? '', ...(h.closed ? { closed: true as const } : {}) },
        frontier: h.frontier ?? '',
      });
    for (const [chainId, d] of drafts) rows.set(chainId, d);
    const ordered = [...rows.values()].sort((a, b) => (a.head.chain_id < b.head.chain_id ? -1 : 1));
    const heads = ordered.map((r) => r.head);
    const createdAt = clock.now();
    const number = (last?.number ?? 0) + 1;
    const prev = last?.sha256 ?? GENESIS_CHECKPOINT;
    const payload: CheckpointPayload = { typ: 'datapedia.ledger.checkpoint', number, prev, created_at: createdAt.getTime(), heads };
    const jws = await signer.sign(payload);
    const sha256 = sha256Hex(jws);
    const id = await insertCheckpoint(client, { number, prevSha256: prev, sha256, createdAt, kid: signer.kid, jws });
    await insertCheckpointHeads(
      client,
      id,
      ordered.map((r) => ({
        chainId: r.head.chain_id,
        seq: r.head.seq,
        hash: r.head.hash,
        root: r.head.root,
        frontier: r.frontier,
        closed: r.head.closed === true,
      })),
    );
    for (const [chainId, d] of drafts) await insertMerkleNodes(client, chainId, d.nodes);
    await client.query('COMMIT');
    return { id, number, sha256, createdAt, kid: signer.kid, jws, heads };
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
  /** Stops the timer and takes a last checkpoint, marking the writer's chains closed. */
  close(): Promise<void>;
}

/**
 * Checkpoints every `events` committed events or every `ms` milliseconds, whichever comes first,
 * one at a time. A failed checkpoint is retried at the next trigger (it never blocks appends).
 * `own(closing)` snapshots the writer's chains; `onCheckpoint` hears of each checkpoint taken
 * (witnesses, publication).
 */
export function scheduleCheckpoints(opts: {
  pool: pg.Pool;
  signer: CheckpointSigner;
  clock: Clock;
  every: { events: number; ms: number };
  own?: (closing: boolean) => OwnChainState[];
  restore?: (s: OwnChainState[]) => void;
  onCheckpoint?: (c: Checkpoint) => Promise<void> | void;
  onError?: (err: unknown) => void;
}): CheckpointScheduler {
  let pending = 0;
  let running: Promise<Checkpoint | null> | null = null;
  async function run(closing = false): Promise<Checkpoint | null> {
    if (running) return running;
    const taken = pending;
    const own = opts.own?.(closing);
    running = createCheckpoint(opts.pool, opts.signer, opts.clock, own ? { own } : {})
      .then(async (c) => {
        pending -= taken;
        if (c) {
          try {
            await opts.onCheckpoint?.(c);
          } catch (err) {
            opts.onError?.(err);
          }
        }
        return c;
      })
      .catch((err: unknown) => {
        if (own) opts.restore?.(own);
        opts.onError?.(err);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }
  const timer = setInterval(() => {
    if (pending > 0) void run();
  }, opts.every.ms);
  timer.unref();
  return {
    noteCommitted(n) {
      pending += n;
      if (pending >= opts.every.events) void run();
    },
    checkpointNow: async () => {
      if (running) await running;
      return pending > 0 ? run() : null;
    },
    async close() {
      clearInterval(timer);
      if (running) await running;
      await run(true);
    },
  };
}
