import type { Queryable } from '../types.js';

export interface OutboxMessage {
  caseId: string;
  email: string;
  role: string;
  subject: string;
  body: string;
}

export async function insertNotifications(db: Queryable, messages: OutboxMessage[], at: Date): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `INSERT INTO notifications_outbox (case_id, recipient_email, recipient_role, subject, body, created_at)
     SELECT * , $6::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [
      messages.map((m) => m.caseId),
      messages.map((m) => m.email),
      messages.map((m) => m.role),
      messages.map((m) => m.subject),
      messages.map((m) => m.body),
      at,
    ],
  );
}

export interface OutboxRow {
  id: number;
  caseId: string;
  email: string;
  role: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
}

export async function listNotificationsByCase(db: Queryable, caseId: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<{
    id: string;
    case_id: string;
    recipient_email: string;
    recipient_role: string;
    subject: string;
    body: string;
    created_at: Date;
    sent_at: Date | null;
  }>(
    'SELECT id, case_id, recipient_email, recipient_role, subject, body, created_at, sent_at FROM notifications_outbox WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: r.case_id,
    email: r.recipient_email,
    role: r.recipient_role,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  }));
}
