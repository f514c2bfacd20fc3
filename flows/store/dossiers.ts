/** SQL of `flow_dossiers` and `flow_attachments`. */
import type { Queryable } from './procedures.js';

export interface DossierRow {
  id: string;
  inbox_seq: string;
  procedure_code: string;
  subscription_id: string;
  subscriber_siret: string;
  depositor_client_id: string;
  depositor_siret: string | null;
  idempotency_key: string;
  request_sha256: string;
  commune_code: string;
  subject_ref: string;
  subject_kind: 'person' | 'company';
  form_sealed: string | null;
  form_sha256: string;
  form_size: number;
  current_status: string | null;
  deposited_at: Date;
  visible_at: Date | null;
  delivery_count: number;
  first_delivered_at: Date | null;
  acked_at: Date | null;
  purged_at: Date | null;
}

export interface AttachmentRow {
  n: number;
  filename: string;
  media_type: string;
  size: string;
  sha256: string;
  purged_at: Date | null;
}

const COLUMNS = `id, inbox_seq, procedure_code, subscription_id, subscriber_siret, depositor_client_id, depositor_siret, idempotency_key, request_sha256,
  commune_code, subject_ref, subject_kind, form_sealed, form_sha256, form_size, current_status, deposited_at, visible_at, delivery_count,
  first_delivered_at, acked_at, purged_at`;

export type NewDossierRow = Omit<
  DossierRow,
  'inbox_seq' | 'current_status' | 'visible_at' | 'delivery_count' | 'first_delivered_at' | 'acked_at' | 'purged_at'
>;

/**
 * Inserts a dossier, its attachments and (push mode) its webhook delivery in ONE statement:
 * atomic without BEGIN/COMMIT round trips. A replayed (client, Idempotency-Key) raises 23505.
 */
export async function insertDossierWithAttachments(
  db: Queryable,
  r: NewDossierRow,
  attachments: Omit<AttachmentRow, 'purged_at'>[],
  pushSubscriptionId: string | null,
): Promise<void> {
  await db.query(
    `WITH d AS (
      INSERT INTO flow_dossiers (id, procedure_code, subscription_id, subscriber_siret, depositor_client_id, depositor_siret, idempotency_key,
        request_sha256, commune_code, subject_ref, subject_kind, form_sealed, form_sha256, form_size, deposited_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id, deposited_at),
    a AS (
      INSERT INTO flow_attachments (dossier_id, n, filename, media_type, size, sha256)
      SELECT d.id, u.n, u.f, u.m, u.s, u.h FROM d, unnest($16::int[], $17::text[], $18::text[], $19::bigint[], $20::text[]) AS u (n, f, m, s, h))
    INSERT INTO flow_webhook_deliveries (dossier_id, subscription_id, state, next_attempt_at, created_at, updated_at)
    SELECT d.id, $21::uuid, 'pending', d.deposited_at, d.deposited_at, d.deposited_at FROM d WHERE $21::uuid IS NOT NULL`,
    [
      r.id,
      r.procedure_code,
      r.subscription_id,
      r.subscriber_siret,
      r.depositor_client_id,
      r.depositor_siret,
      r.idempotency_key,
      r.request_sha256,
      r.commune_code,
      r.subject_ref,
      r.subject_kind,
      r.form_sealed,
      r.form_sha256,
      r.form_size,
      r.deposited_at,
      attachments.map((a) => a.n),
      attachments.map((a) => a.filename),
      attachments.map((a) => a.media_type),
      attachments.map((a) => a.size),
      attachments.map((a) => a.sha256),
      pushSubscriptionId,
    ],
  );
}

export async function findDossierByIdempotencyKey(db: Queryable, clientId: string, key: string): Promise<DossierRow | null> {
  const { rows } = await db.query<DossierRow>(
    `SELECT ${COLUMNS} FROM flow_dossiers WHERE depositor_client_id = $1 AND idempotency_key = $2`,
    [clientId, key],
  );
  return rows[0] ?? null;
}

export async function findDossierById(db: Queryable, id: string): Promise<DossierRow | null> {
  const { rows } = await db.query<DossierRow>(`SELECT ${COLUMNS} FROM flow_dossiers WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The subscriber's own dossier, locked; another subscriber's is never found. */
export async function findDossierBySubscriberForUpdate(db: Queryable, id: string, subscriberSiret: string): Promise<DossierRow | null> {
  const { rows } = await db.query<DossierRow>(`SELECT ${COLUMNS} FROM flow_dossiers WHERE id = $1 AND subscriber_siret = $2 FOR UPDATE`, [
    id,
    subscriberSiret,
  ]);
  return rows[0] ?? null;
}

export async function listAttachmentsByDossier(db: Queryable, id: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    'SELECT n, filename, media_type, size, sha256, purged_at FROM flow_attachments WHERE dossier_id = $1 ORDER BY n',
    [id],
  );
  return rows;
}

/** Undelivered dossiers visible now (never fetched, or their lease expired), after a cursor. */
export async function listInboxBySubscriber(
  db: Queryable,
  subscriberSiret: string,
  now: Date,
  afterSeq: string,
  limit: number,
): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(
    `SELECT ${COLUMNS} FROM flow_dossiers WHERE subscriber_siret = $1 AND acked_at IS NULL AND (visible_at IS NULL OR visible_at <= $2) AND inbox_seq > $3
     ORDER BY inbox_seq LIMIT $4`,
    [subscriberSiret, now, afterSeq, limit],
  );
  return rows;
}

/** Leases a dossier to its subscriber until `visibleAt` (one more delivery). */
export async function updateDossierLeaseById(db: Queryable, id: string, now: Date, visibleAt: Date): Promise<void> {
  await db.query(
    `UPDATE flow_dossiers SET visible_at = $3, delivery_count = delivery_count + 1, first_delivered_at = COALESCE(first_delivered_at, $2) WHERE id = $1`,
    [id, now, visibleAt],
  );
}

export async function updateDossierAckById(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE flow_dossiers SET acked_at = $2 WHERE id = $1 AND acked_at IS NULL', [id, now]);
}

export async function updateDossierStatusById(db: Queryable, id: string, status: string): Promise<void> {
  await db.query('UPDATE flow_dossiers SET current_status = $2 WHERE id = $1', [id, status]);
}

export interface MyDossierRow {
  id: string;
  procedure_code: string;
  procedure_title: string;
  subscriber_siret: string;
  subscriber_name: string;
  deposited_at: Date;
  current_status: string | null;
}

/** A person's dossiers ("Mes démarches"), newest first. */
export async function listDossiersBySubjectRefs(db: Queryable, subjectRefs: string[], limit: number): Promise<MyDossierRow[]> {
  const { rows } = await db.query<MyDossierRow>(
    `SELECT d.id, d.procedure_code, p.title AS procedure_title, d.subscriber_siret, s.subscriber_name, d.deposited_at, d.current_status
     FROM flow_dossiers d JOIN flow_procedures p ON p.code = d.procedure_code JOIN flow_subscriptions s ON s.id = d.subscription_id
     WHERE d.subject_ref = ANY($1::text[]) ORDER BY d.deposited_at DESC, d.id LIMIT $2`,
    [subjectRefs, limit],
  );
  return rows;
}

/** Acknowledged dossiers whose procedure's retention has run out, payload not yet purged. */
export async function listPurgeableDossiers(
  db: Queryable,
  now: Date,
  limit: number,
): Promise<Pick<DossierRow, 'id' | 'subscriber_siret' | 'subject_ref' | 'subject_kind' | 'procedure_code'>[]> {
  const { rows } = await db.query<Pick<DossierRow, 'id' | 'subscriber_siret' | 'subject_ref' | 'subject_kind' | 'procedure_code'>>(
    `SELECT d.id, d.subscriber_siret, d.subject_ref, d.subject_kind, d.procedure_code FROM flow_dossiers d JOIN flow_procedures p ON p.code = d.procedure_code
     WHERE d.purged_at IS NULL AND d.acked_at IS NOT NULL AND d.acked_at + make_interval(days => p.retention_days) <= $1
     ORDER BY d.acked_at LIMIT $2`,
    [now, limit],
  );
  return rows;
}

export async function updateDossierPurgedById(db: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE flow_dossiers SET form_sealed = NULL, purged_at = $2 WHERE id = $1 AND purged_at IS NULL', [
    id,
    now,
  ]);
  return rowCount === 1;
}

export async function updateAttachmentsPurgedByDossier(db: Queryable, id: string, now: Date): Promise<{ sha256: string; size: string }[]> {
  const { rows } = await db.query<{ sha256: string; size: string }>(
    'UPDATE flow_attachments SET purged_at = $2 WHERE dossier_id = $1 AND purged_at IS NULL RETURNING sha256, size',
    [id, now],
  );
  return rows;
}

/** Which of these blob keys an unpurged attachment still references. */
export async function findReferencedBlobKeys(db: Queryable, keys: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ sha256: string }>(
    'SELECT DISTINCT sha256 FROM flow_attachments WHERE sha256 = ANY($1::text[]) AND purged_at IS NULL',
    [keys],
  );
  return new Set(rows.map((r) => r.sha256));
}

export interface LagRow {
  subscriber_siret: string;
  pending: string;
  oldest_pending: Date | null;
  delivered: string;
  p50_ms: number | null;
  p95_ms: number | null;
}

/** Per subscriber: dossiers waiting, the oldest one, and deposit → first delivery percentiles since a date. */
export async function listDeliveryLagBySubscriber(db: Queryable, since: Date): Promise<LagRow[]> {
  const { rows } = await db.query<LagRow>(
    `SELECT subscriber_siret,
       count(*) FILTER (WHERE acked_at IS NULL) AS pending,
       min(deposited_at) FILTER (WHERE acked_at IS NULL) AS oldest_pending,
       count(first_delivered_at) AS delivered,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_delivered_at - deposited_at) * 1000) AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM first_delivered_at - deposited_at) * 1000) AS p95_ms
     FROM flow_dossiers WHERE deposited_at >= $1 GROUP BY subscriber_siret ORDER BY subscriber_siret`,
    [since],
  );
  return rows;
}
