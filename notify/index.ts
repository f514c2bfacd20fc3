/**
 * The notification domain: per-person opt-in choices, the transactional outbox (deduplicated
 * by notification key, daily digests) and its senders — e-mail over SMTP (nodemailer), at
 * least once with a Message-ID derived from the key. E-mails carry no data value.
 */
export { getNotificationPreferences, setNotificationPreferences, removeNotificationPreferences } from './preferences.js';
export type { NotificationPreferences } from './preferences.js';
export { notifyPerson, notifyAgent, composeDigests, nextDigestAt, DIGEST_HOUR_UTC } from './enqueue.js';
export { dataObtainedKey, dossierStatusKey } from './keys.js';
export { createDataObtainedJob } from './data-obtained.js';
export type { DataObtainedJob, DataObtainedJobOptions, DataObtainedBatch } from './data-obtained.js';
export { createOutboxSender, retryDelayMs } from './sender.js';
export type { OutboxSender, OutboxSenderOptions } from './sender.js';
export { renderNotification, renderAgentNotification, renderDigest, messageIdFor } from './content.js';
export { createSmtpMailer, smtpSettingsFromUrl } from './smtp.js';
export type { SmtpSettings } from './smtp.js';
export { listNotificationsByPersonRef } from './store/outbox.js';
export type { OutboxRow } from './store/outbox.js';
export { NOTIFICATION_KINDS } from './types.js';
export type { AgentNotificationKind, DigestMode, Mailer, NotificationKind, NotifyContext, OutgoingEmail } from './types.js';
