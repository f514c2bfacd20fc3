/**
 * A sender killed in the middle of sending — after the SMTP server received a message, before
 * the outbox row was marked — and a sender started again: every notification reaches the SMTP
 * server, each under exactly one Message-ID. The message in flight at the kill arrives twice
 * with the same Message-ID (at least once: SMTP cannot tell the sender "you already sent
 * this"); receiving systems recognise it by that id, and no other message is duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { messageIdFor, notifyPerson, setNotificationPreferences, listNotificationsByPersonRef } from '../../notify/index.js';
import { systemClock } from '../../schemas/index.js';
import type { TestDatabase } from '../helpers/pg.js';
import { createNotifyDatabase, startSmtpServer, type TestSmtpServer } from './world.js';

let db: TestDatabase;
let smtp: TestSmtpServer;
const children: ChildProcess[] = [];
const ref = (n: number) => n.toString(16).padStart(64, '0');
const DOMAIN = 'notify.datapedia.test';

function startSender(id: string, leaseMs: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.mjs', 'tests/notify/sender-child.ts', db.url, String(smtp.port), id, String(leaseMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`sender ${id} exited early (${code})`)));
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  db = await createNotifyDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  await smtp.close();
  await db.drop();
});

test('killed between the SMTP server receiving a message and the outbox mark, then restarted: one Message-ID per notification, all sent', async () => {
  const people = [1, 2, 3, 4, 5].map(ref);
  const keys = people.map((p) => `consent_request:${p}`);
  for (const [i, p] of people.entries()) {
    await setNotificationPreferences({ pool: db.pool, clock: systemClock }, p, {
      email: `personne${i}@exemple.fr`,
      kinds: { consent_request: true },
    });
    await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: keys[i]!, at: new Date() });
  }
  const first = await startSender('gateway-1', 1500);
  // The third message: the server has it whole; the sender dies before it hears the answer.
  const killed = new Promise<string>((resolve) => {
    smtp.onMessage = (mail) => {
      if (smtp.received.length !== 3) return;
      first.kill('SIGKILL');
      smtp.onMessage = null;
      resolve(mail.messageId!);
    };
  });
  const inFlight = await killed;
  await once(first, 'exit').catch(() => undefined);
  const states = async () => (await Promise.all(people.map((p) => listNotificationsByPersonRef(db.pool, p)))).map((rows) => rows[0]!);
  const atKill = await states();
  const inFlightRow = atKill.find((r) => messageIdFor(r.notification_key, DOMAIN) === inFlight)!;
  expect(inFlightRow).toMatchObject({ status: 'pending', claimed_by: 'gateway-1', attempts: 1 });
  expect(atKill.filter((r) => r.status === 'sent')).toHaveLength(2);

  await startSender('gateway-2', 1500);
  await waitFor(async () => (await states()).every((r) => r.status === 'sent'), 15_000);

  const ids = smtp.received.map((m) => m.messageId);
  expect(new Set(ids)).toEqual(new Set(keys.map((k) => messageIdFor(k, DOMAIN))));
  expect(ids.filter((id) => id === inFlight)).toHaveLength(2);
  expect(smtp.received).toHaveLength(6);
  const resent = (await states()).find((r) => r.id === inFlightRow.id)!;
  expect(resent).toMatchObject({ status: 'sent', claimed_by: 'gateway-2', attempts: 2 });
});
