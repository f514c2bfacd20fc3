/**
 * The notification domain with real parts: a database of its own (notify's migrations applied
 * by the real migrator) and a real SMTP server in process (`smtp-server`) that records every
 * message it accepts — or refuses the next ones on demand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { listMigrations, migrate, type Migration } from '../../gateway/process/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

const NOTIFY_MIGRATIONS = join(process.cwd(), 'notify', 'migrations');

/** notify/'s migrations, unless the project's migrator already lists them. */
export function notifyMigrations(): Migration[] {
  if (listMigrations().some((m) => m.owner === 'notify')) return [];
  return readdirSync(NOTIFY_MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(NOTIFY_MIGRATIONS, name), 'utf8');
      return { name, owner: 'notify', sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function createNotifyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await migrate(db.pool, notifyMigrations());
  return db;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
  body: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Refuse the next `n` messages with a temporary failure (451). */
  refuseNext(n: number): void;
  /** Called once a message is fully received, before the server answers it. */
  onMessage: ((mail: ReceivedMail) => void) | null;
  close(): Promise<void>;
}

/** Quoted-printable (RFC 2045 §6.7) to text. */
export function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Encoded words of a header (RFC 2047) to text. */
export function decodeHeader(s: string): string {
  return s
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
    .trim();
}

/** The text of a received message, decoded from its transfer encoding. */
export function textOf(mail: ReceivedMail): string {
  const head = mail.raw.split('\r\n\r\n')[0] ?? '';
  const enc = (header(head, 'Content-Transfer-Encoding') ?? '').toLowerCase();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(mail.body).replace(/\r\n/g, '\n').trimEnd();
  if (enc === 'base64') return Buffer.from(mail.body, 'base64').toString('utf8').replace(/\r\n/g, '\n').trimEnd();
  return mail.body.replace(/\r\n/g, '\n').trimEnd();
}

function header(head: string, name: string): string | null {
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return m ? m[1]!.trim() : null;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  let refuse = 0;
  const s: TestSmtpServer = {
    port: 0,
    received: [],
    onMessage: null,
    refuseNext: (n) => {
      refuse = n;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          const err = Object.assign(new Error('Essayez plus tard'), { responseCode: 451 });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split('\r\n\r\n');
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: header(head, 'Message-ID'),
          subject: header(head, 'Subject'),
          body: rest.join('\r\n\r\n'),
        };
        s.received.push(mail);
        s.onMessage?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  s.port = (server.server.address() as AddressInfo).port;
  return s;
}
