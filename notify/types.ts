/** Types of the notification domain and its ports. */
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';

/** What a person may choose to be told. */
export type NotificationKind = 'data_obtained' | 'consent_request' | 'dossier_status';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['data_obtained', 'consent_request', 'dossier_status'];

/** What administrations' agents are told (no opt-in: their professional duty). */
export type AgentNotificationKind = 'producer_report' | 'need_answered' | 'agent_invitation';

export type DigestMode = 'immediate' | 'daily';

export interface NotifyContext {
  pool: pg.Pool;
  clock: Clock;
}

/** One e-mail as the outbox hands it to a mailer: text only, no data value. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 §3.6.4 msg-id, derived from the notification key: a resend carries the same one. */
  messageId: string;
}

/** Port: delivers one e-mail; resolves once the server accepted it (SMTP 250 after DATA). */
export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}
