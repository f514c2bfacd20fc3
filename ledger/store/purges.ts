import type { Queryable } from './events.js';

/** The purge anchors: per chain, the last purged seq and the `ledger.purge` event describing it. */
export async function listPurgeAnchors(
  db: Queryable,
): Promise<
  { chain_id: string; to_seq: number; event_chain: string | null; event_seq: number | null; detail: Record<string, unknown> | null }[]
> {
  const { rows } = await db.query<{
    chain_id: string;
    to_seq: string;
    event_chain: string | null;
    event_seq: string | null;
    detail: Record<string, unknown> | null;
  }>(
    `SELECT DISTINCT ON (p.chain_id) p.chain_id, p.to_seq, e.chain_id AS event_chain, e.seq AS event_seq, e.detail
     FROM ledger_purges p LEFT JOIN ledger_events e ON e.id = p.event_id
     ORDER BY p.chain_id, p.to_seq DESC`,
  );
  return rows.map((r) => ({ ...r, to_seq: Number(r.to_seq), event_seq: r.event_seq === null ? null : Number(r.event_seq) }));
}

export async function insertArchive(
  db: Queryable,
  a: { chainId: string; fromSeq: number; toSeq: number; root: string; pkg: string; packageSha256: string; verifiedAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO ledger_archives (chain_id, from_seq, to_seq, root, package, package_sha256, verified_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (chain_id, to_seq) DO UPDATE SET package = EXCLUDED.package, package_sha256 = EXCLUDED.package_sha256, verified_at = EXCLUDED.verified_at`,
    [a.chainId, a.fromSeq, a.toSeq, a.root, a.pkg, a.packageSha256, a.verifiedAt],
  );
}

/** Calls the database's only deleting path; returns the number of events deleted. */
export async function purgeSegment(
  db: Queryable,
  chainId: string,
  toSeq: number,
  purgeEventId: string,
  minRetentionMs: number,
): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT ledger_purge_segment($1, $2, $3, $4::bigint * interval '1 millisecond') AS n`, [
    chainId,
    toSeq,
    purgeEventId,
    minRetentionMs,
  ]);
  return Number(rows[0]!.n);
}

/** The last purged seq per chain (0 when never purged). */
export async function findPurgedUntil(db: Queryable, chainId: string): Promise<number> {
  const { rows } = await db.query<{ s: string | null }>('SELECT max(to_seq) AS s FROM ledger_purges WHERE chain_id = $1', [chainId]);
  return rows[0]?.s == null ? 0 : Number(rows[0].s);
}

/** Every purge with the detail of its `ledger.purge` event, oldest first. */
export async function listPurges(db: Queryable): Promise<{ chain_id: string; to_seq: number; detail: Record<string, unknown> | null }[]> {
  const { rows } = await db.query<{ chain_id: string; to_seq: string; detail: Record<string, unknown> | null }>(
    'SELECT p.chain_id, p.to_seq, e.detail FROM ledger_purges p LEFT JOIN ledger_events e ON e.id = p.event_id ORDER BY p.purged_at, p.chain_id',
  );
  return rows.map((r) => ({ ...r, to_seq: Number(r.to_seq) }));
}

/** Archived periods (the citizen's trail says which period has been archived). */
export async function listArchivedPeriods(
  db: Queryable,
): Promise<{ chain_id: string; from_seq: number; to_seq: number; package: string; verified_at: Date }[]> {
  const { rows } = await db.query<{ chain_id: string; from_seq: string; to_seq: string; package: string; verified_at: Date }>(
    'SELECT chain_id, from_seq, to_seq, package, verified_at FROM ledger_archives ORDER BY verified_at',
  );
  return rows.map((r) => ({ ...r, from_seq: Number(r.from_seq), to_seq: Number(r.to_seq) }));
}
