import type pg from 'pg';

/** A maintenance window declared by a producer. */
export interface MaintenanceWindow {
  id: string;
  producerSiret: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

interface Row {
  id: string;
  producer_siret: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'id, producer_siret, starts_at, ends_at, reason, created_by, created_at';

function toWindow(r: Row): MaintenanceWindow {
  return {
    id: r.id,
    producerSiret: r.producer_siret,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

export async function insertMaintenanceWindow(
  pool: pg.Pool,
  w: { producerSiret: string; startsAt: Date; endsAt: Date; reason: string; createdBy: string },
): Promise<MaintenanceWindow> {
  const { rows } = await pool.query<Row>(
    `INSERT INTO producer_maintenance_windows (producer_siret, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [w.producerSiret, w.startsAt, w.endsAt, w.reason, w.createdBy],
  );
  return toWindow(rows[0]!);
}

/** Windows of a producer not yet over at `at`, soonest first. */
export async function listMaintenanceWindowsByProducer(pool: pg.Pool, producerSiret: string, at: Date): Promise<MaintenanceWindow[]> {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM producer_maintenance_windows WHERE producer_siret = $1 AND ends_at > $2 ORDER BY starts_at LIMIT 100`,
    [producerSiret, at],
  );
  return rows.map(toWindow);
}

/** The window of a producer covering `at`, if any. */
export async function findActiveMaintenanceWindowByProducer(
  pool: pg.Pool,
  producerSiret: string,
  at: Date,
): Promise<MaintenanceWindow | null> {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM producer_maintenance_windows WHERE producer_siret = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY ends_at DESC LIMIT 1`,
    [producerSiret, at],
  );
  return rows[0] ? toWindow(rows[0]) : null;
}

/** Deletes a window of a producer; false when none matched. */
export async function deleteMaintenanceWindowById(pool: pg.Pool, producerSiret: string, id: string): Promise<boolean> {
  const { rowCount } = await pool.query(`DELETE FROM producer_maintenance_windows WHERE id = $1 AND producer_siret = $2`, [
    id,
    producerSiret,
  ]);
  return (rowCount ?? 0) > 0;
}
