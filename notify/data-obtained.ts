/**
 * « Une nouvelle administration a obtenu des données sur moi » (CRPA L114-8 I), queued off the
 * exchange path. Rules:
 * - the job tails every ledger chain from its own stored position (`notify_ledger_positions`),
 *   so it announces only what the ledger committed, and the exchange's answer never waits on it;
 * - a batch's notifications and the chain's new position commit in ONE transaction: a process
 *   that dies mid-batch leaves neither, and the next run (any gateway) reads the batch again;
 * - the notification key `data_obtained:<person>:<consumer SIRET>` is queued once ever
 *   (notify/keys.ts), so even a batch read twice queues nothing twice;
 * - the person's choices apply as for any notification (opt-in per kind, daily digest);
 * - several gateways may run the job: a chain's position row is locked (SKIP LOCKED) by the one
 *   that reads it.
 */
import type pg from 'pg';
import { withTransaction, type Clock } from '../schemas/index.js';
import { nextDigestAt } from './enqueue.js';
import {
  enqueueDataObtainedAfterSeq,
  insertMissingTailPositions,
  listTailPositions,
  lockTailPositionByChain,
  updateTailPositionByChain,
} from './store/ledger-tail.js';

export interface DataObtainedBatch {
  chainId: string;
  events: number;
  queued: number;
  /** How far behind the batch's first event was read. */
  lagMs: number;
}

export interface DataObtainedJobOptions {
  pool: pg.Pool;
  clock: Clock;
  /** Events per chain per transaction (default 1,000). */
  batchSize?: number;
  /** Called inside each batch's transaction, before it commits (metrics, tests). */
  onBatch?: (batch: DataObtainedBatch) => void | Promise<void>;
}

export interface DataObtainedJob {
  /** Reads every chain up to its current head; the number of notifications queued. */
  runOnce(): Promise<{ events: number; queued: number }>;
}

export function createDataObtainedJob(opts: DataObtainedJobOptions): DataObtainedJob {
  const batchSize = opts.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError('createDataObtainedJob: batchSize must be a positive integer');

  async function processBatch(chainId: string, out: { events: number; queued: number }): Promise<number> {
    return withTransaction(opts.pool, async (client) => {
      const position = await lockTailPositionByChain(client, chainId);
      if (position === null) return 0;
      const at = opts.clock.now();
      const batch = await enqueueDataObtainedAfterSeq(client, {
        chainId,
        afterSeq: position,
        limit: batchSize,
        at,
        digestAt: nextDigestAt(at),
      });
      if (batch.lastSeq === null) return 0;
      await opts.onBatch?.({
        chainId,
        events: batch.events,
        queued: batch.queued,
        lagMs: Math.max(0, at.getTime() - (batch.firstRecordedAt?.getTime() ?? at.getTime())),
      });
      await updateTailPositionByChain(client, chainId, batch.lastSeq, at);
      out.events += batch.events;
      out.queued += batch.queued;
      return batch.events;
    });
  }

  return {
    async runOnce() {
      const out = { events: 0, queued: 0 };
      await insertMissingTailPositions(opts.pool);
      for (const { chainId } of await listTailPositions(opts.pool)) {
        // Bounded: a chain growing faster than it is read yields to the others until the next run.
        for (let i = 0; i < 100; i++) if ((await processBatch(chainId, out)) < batchSize) break;
      }
      return out;
    },
  };
}
