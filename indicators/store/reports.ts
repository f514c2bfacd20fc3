import type { Queryable } from '../types.js';

/** Producers with exchanges in a month that have no report queued for it yet. */
export async function listProducersWithoutReport(db: Queryable, month: Date): Promise<string[]> {
  const { rows } = await db.query<{ producer_siret: string }>(
    `SELECT DISTINCT m.producer_siret FROM indicator_monthly m
     WHERE m.month = $1 AND m.producer_siret ~ '^[0-9]{14}$'
       AND NOT EXISTS (SELECT 1 FROM indicator_report_runs r WHERE r.month = $1 AND r.producer_siret = m.producer_siret)
     ORDER BY 1`,
    [month],
  );
  return rows.map((r) => r.producer_siret);
}

/**
 * Marks a producer's report of a month as queued; false when another process did it first
 * (the caller then rolls back what it queued).
 */
export async function insertReportRun(db: Queryable, month: Date, producerSiret: string, recipients: number, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO indicator_report_runs (month, producer_siret, recipients, queued_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [month, producerSiret, recipients, at],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Professional addresses of a producer's agents who instruct or administer it (identity's
 * memberships, read only): those who receive the monthly report.
 */
export async function listReportRecipientsByProducer(db: Queryable, producerSiret: string): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>(
    `SELECT DISTINCT email FROM memberships WHERE siret = $1 AND email IS NOT NULL AND roles && ARRAY['admin', 'instructor']::text[] ORDER BY email`,
    [producerSiret],
  );
  return rows.map((r) => r.email);
}
