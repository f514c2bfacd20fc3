import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../schemas/index.js';
import type { LedgerWriter } from '../writer.js';
import type { LedgerPublicKey } from '../keys.js';
import type { WitnessConfig } from '../witness/cosignature.js';
import { listRegisteredChainIds } from '../store/events.js';
import { findPurgedUntil, insertArchive, purgeSegment, listPurgeAnchors, listPurges } from '../store/purges.js';
import { findCheckpointCoveringSeq, findLatestCheckpoint, listCheckpointHeadsByCheckpointIds } from '../store/checkpoints.js';
import { existsEventPastCutoff, findFirstSeqWithinRetention, listApiSlugsInSeqRange } from '../store/retention.js';
import { resolveRetention, type RetentionOverride, type RetentionPeriod } from './policy.js';
import { sealSegment } from './package.js';
import { verifyArchive } from './verify-archive.js';

/** Purge segments end on a multiple of this (every later proof stays computable from stored nodes). */
export const SEGMENT_ALIGN = 256;

export interface RetentionOptions {
  pool: pg.Pool;
  /** A writer with a signer: records the `ledger.purge` events and checkpoints them. */
  writer: LedgerWriter;
  clock: Clock;
  /** LEDGER_ARCHIVE_DIR. */
  archiveDir: string;
  /** LEDGER_RETENTION_MIN_DAYS / MAX_DAYS. */
  platform: RetentionPeriod;
  /** Per-API retention (undefined: platform default everywhere). */
  override?: RetentionOverride;
  /** Per-API retention read afresh at each pass (the catalogue's current values); wins over `override`. */
  loadOverride?: () => Promise<RetentionOverride>;
  /** The pinned keys: the written package is verified with them before anything is purged. */
  trustedKeys: LedgerPublicKey[];
  witnesses?: WitnessConfig[];
  quorum?: number;
}

export interface RetentionResult {
  chainId: string;
  fromSeq: number;
  toSeq: number;
  events: number;
  package: string;
  deleted: number;
}

/**
 * The longest purgeable prefix after `after`: every event past its minimum, some past its maximum,
 * covered by a checkpoint, aligned; with the smallest minimum among its events' APIs (the floor the
 * database's purge function enforces again).
 */
async function planSegment(
  o: RetentionOptions,
  override: RetentionOverride | undefined,
  chainId: string,
  after: number,
): Promise<{ toSeq: number; floorMs: number } | null> {
  const latest = await findLatestCheckpoint(o.pool);
  if (!latest) return null;
  const head = (await listCheckpointHeadsByCheckpointIds(o.pool, [latest.id])).find((h) => h.chain_id === chainId);
  if (!head || head.seq <= after) return null;
  const now = o.clock.now().getTime();
  const slugs = await listApiSlugsInSeqRange(o.pool, chainId, after, head.seq);
  const minCut: Record<string, number> = {};
  const maxCut: Record<string, number> = {};
  let floorMs = o.platform.minMs;
  for (const s of slugs) {
    const r = resolveRetention(o.platform, override, s);
    minCut[s ?? ''] = now - r.minMs;
    maxCut[s ?? ''] = now - r.maxMs;
    floorMs = Math.min(floorMs, r.minMs);
  }
  const young = await findFirstSeqWithinRetention(o.pool, chainId, after, head.seq, minCut);
  const limit = young === null ? head.seq : young - 1;
  const toSeq = Math.floor(limit / SEGMENT_ALIGN) * SEGMENT_ALIGN;
  if (toSeq <= after) return null;
  return (await existsEventPastCutoff(o.pool, chainId, after, toSeq, maxCut)) ? { toSeq, floorMs } : null;
}

/**
 * The retention job: for each chain, seals the events past their retention into an archive
 * package, verifies the written package offline, records a `ledger.purge` event (segment, root,
 * frontier, package digest) and checkpoints it, then deletes the segment through the database's
 * only deleting path (`ledger_purge_segment`), which refuses anything not archived, not covered
 * by a checkpoint, or within the retention floor.
 */
export async function runRetention(o: RetentionOptions): Promise<RetentionResult[]> {
  const results: RetentionResult[] = [];
  const anchors = new Map(
    (await listPurgeAnchors(o.pool)).map((a) => [a.chain_id, a.detail as { frontier?: string; last_hash?: string } | null]),
  );
  const override = o.loadOverride ? await o.loadOverride() : o.override;
  for (const chainId of await listRegisteredChainIds(o.pool)) {
    const after = await findPurgedUntil(o.pool, chainId);
    const plan = await planSegment(o, override, chainId, after);
    if (plan === null) continue;
    const { toSeq } = plan;
    const prior = anchors.get(chainId);
    const start = after > 0 && prior?.frontier && prior.last_hash ? { frontier: prior.frontier, lastHash: prior.last_hash } : undefined;
    const sealed = await sealSegment(o.pool, { chainId, fromSeq: after + 1, toSeq, archiveDir: o.archiveDir, now: o.clock.now(), start });
    const check = await verifyArchive(sealed.dir, { trustedKeys: o.trustedKeys, witnesses: o.witnesses, quorum: o.quorum });
    if (!check.ok) throw new Error(`archive ${sealed.dir} does not verify: ${check.errors.join('; ')}`);
    await insertArchive(o.pool, {
      chainId,
      fromSeq: after + 1,
      toSeq,
      root: sealed.proof.root,
      pkg: sealed.dir,
      packageSha256: sealed.manifestSha256,
      verifiedAt: o.clock.now(),
    });
    const purge = await o.writer.append({
      id: randomUUID(),
      type: 'ledger.purge',
      occurredAt: o.clock.now(),
      outcome: 'recorded',
      actor: { kind: 'service', id: 'retention' },
      detail: {
        chain_id: chainId,
        from_seq: after + 1,
        to_seq: toSeq,
        last_hash: sealed.proof.last_hash,
        root: sealed.proof.root,
        frontier: sealed.proof.frontier,
        period: sealed.proof.period,
        package: sealed.dir.split(/[\\/]/).pop(),
        manifest_sha256: sealed.manifestSha256,
      },
    });
    await o.writer.checkpointNow();
    if (!(await findCheckpointCoveringSeq(o.pool, purge.chain_id, purge.seq)))
      throw new Error('the ledger.purge event is not covered by a checkpoint');
    const deleted = await purgeSegment(o.pool, chainId, toSeq, purge.id, plan.floorMs);
    results.push({ chainId, fromSeq: after + 1, toSeq, events: sealed.events, package: sealed.dir, deleted });
  }
  return results;
}

/** The periods archived and purged, for the citizen's trail ("until this date, see the archives"). */
export async function listArchivedPeriods(
  pool: Pick<pg.Pool, 'query'>,
): Promise<{ chainId: string; fromSeq: number; toSeq: number; from: Date; to: Date; package: string; manifestSha256: string }[]> {
  const out = [];
  for (const a of await listPurges(pool)) {
    const d = a.detail as { from_seq?: number; period?: { from: number; to: number }; package?: string; manifest_sha256?: string } | null;
    if (!d?.period) continue;
    out.push({
      chainId: a.chain_id,
      fromSeq: d.from_seq ?? 1,
      toSeq: a.to_seq,
      from: new Date(d.period.from),
      to: new Date(d.period.to),
      package: d.package ?? '',
      manifestSha256: d.manifest_sha256 ?? '',
    });
  }
  return out;
}
