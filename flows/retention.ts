/**
 * Retention of dossiers (docs/architecture.md, "Retention both ways"): once acknowledged and past
 * the procedure's retention, a dossier's sealed payload and its attachments are purged; its
 * metadata, statuses and ledger events stay. The purge is recorded before it commits; a blob is
 * deleted after the commit only when no other unpurged attachment still references it (content
 * addressing shares identical files); a crash in between leaves an orphan the sweep removes.
 */
import { withTransaction } from '../schemas/index.js';
import { dossierEvent } from './events.js';
import {
  findReferencedBlobKeys,
  listPurgeableDossiers,
  updateAttachmentsPurgedByDossier,
  updateDossierPurgedById,
} from './store/dossiers.js';
import type { FlowsContext } from './types.js';

export interface PurgeReport {
  dossiers: number;
  blobsDeleted: number;
}

/** One pass of the retention job (call it periodically; `limit` dossiers per pass). */
export async function purgeExpiredDossiers(ctx: FlowsContext, o: { limit?: number } = {}): Promise<PurgeReport> {
  const now = ctx.clock.now();
  const due = await listPurgeableDossiers(ctx.pool, now, o.limit ?? 500);
  let blobsDeleted = 0;
  let dossiers = 0;
  for (const d of due) {
    const released = await withTransaction(ctx.pool, async (db) => {
      if (!(await updateDossierPurgedById(db, d.id, now))) return [];
      const rows = await updateAttachmentsPurgedByDossier(db, d.id, now);
      await ctx.ledger.append(
        dossierEvent({
          action: 'purged',
          dossierId: d.id,
          at: now,
          actor: { kind: 'service', id: 'flows-retention' },
          procedureCode: d.procedure_code,
          subscriberSiret: d.subscriber_siret,
          subjectRef: d.subject_ref,
          subjectKind: d.subject_kind,
          detail: { attachments: rows.length },
        }),
      );
      dossiers++;
      return rows.map((r) => r.sha256);
    });
    if (released.length === 0) continue;
    const still = await findReferencedBlobKeys(ctx.pool, released);
    for (const key of new Set(released)) {
      if (still.has(key)) continue;
      await ctx.blobs.delete(key);
      blobsDeleted++;
    }
  }
  return { dossiers, blobsDeleted };
}
