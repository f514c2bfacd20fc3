/**
 * The orphan sweep: blobs that no committed, unpurged attachment references (a deposit that
 * crashed or failed between publishing its blobs and its COMMIT, or a purge interrupted after
 * its commit), and staged uploads left by a crashed process. Only what is older than the grace
 * period is touched, so a deposit in flight never loses its blobs.
 */
import { findReferencedBlobKeys } from './store/dossiers.js';
import type { FlowsContext } from './types.js';

export interface SweepReport {
  scanned: number;
  deleted: string[];
  staging: number;
}

/** Default grace: far longer than any deposit takes between publishing and committing. */
export const DEFAULT_SWEEP_GRACE_MS = 60 * 60_000;

export async function sweepOrphanBlobs(
  ctx: Pick<FlowsContext, 'pool' | 'clock' | 'blobs'>,
  o: { graceMs?: number; batch?: number } = {},
): Promise<SweepReport> {
  const cutoff = new Date(ctx.clock.now().getTime() - (o.graceMs ?? DEFAULT_SWEEP_GRACE_MS));
  const staging = await ctx.blobs.clearStaging(cutoff);
  const deleted: string[] = [];
  let scanned = 0;
  let batch: string[] = [];
  const flush = async () => {
    const referenced = await findReferencedBlobKeys(ctx.pool, batch);
    for (const key of batch) {
      if (referenced.has(key)) continue;
      // Re-check the date: a deposit may have republished the same content meanwhile.
      const info = await ctx.blobs.stat(key);
      if (info && info.modifiedAt < cutoff) {
        await ctx.blobs.delete(key);
        deleted.push(key);
      }
    }
    batch = [];
  };
  for await (const b of ctx.blobs.list()) {
    scanned++;
    if (b.modifiedAt >= cutoff) continue;
    batch.push(b.key);
    if (batch.length >= (o.batch ?? 500)) await flush();
  }
  if (batch.length) await flush();
  return { scanned, deleted, staging };
}
