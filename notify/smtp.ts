/**
 * The SMTP mailer (nodemailer): one e-mail per `send`, resolved once the server accepted the
 * message. Timeouts keep one send well under the outbox lease.
 */
import nodemailer from 'nodemailer';
import type { Mailer } from './types.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it (`requireTls` to insist). */
  secure?: boolean;
  requireTls?: boolean;
  user?: string;
  password?: string;
  /** Milliseconds for connecting, greeting and each socket read (default 10 s each). */
  timeoutMs?: number;
  /** Development only: accept a server certificate that does not verify. */
  allowUnverifiedTls?: boolean;
}

/**
 * Settings from one URL, as the configuration holds them: `smtp://[user:password@]host[:port]`
 * (STARTTLS when offered; `?starttls=required` to insist) or `smtps://…` (implicit TLS, RFC 8314).
 * Default ports: 587 for smtp, 465 for smtps.
 */
export function smtpSettingsFromUrl(raw: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('SMTP URL: not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new TypeError('SMTP URL: smtp:// or smtps:// expected');
  if (!url.hostname) throw new TypeError('SMTP URL: host missing');
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTls: url.searchParams.get('starttls') === 'required',
    ...(url.username ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
  };
}

export function createSmtpMailer(s: SmtpSettings): Mailer {
  const timeout = s.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure ?? false,
    requireTLS: s.requireTls ?? false,
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(s.allowUnverifiedTls ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    async send(m) {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
    },
    close: () => transport.close(),
  };
}
