/**
 * Notifications: opt-in choices, the deduplicated outbox, e-mails without data values sent over
 * real SMTP (nodemailer → smtp-server in process), retries with exponential back-off, several
 * senders at once (SKIP LOCKED), daily digests.
 */
import {
  composeDigests,
  createOutboxSender,
  createSmtpMailer,
  getNotificationPreferences,
  messageIdFor,
  notifyPerson,
  removeNotificationPreferences,
  setNotificationPreferences,
  listNotificationsByPersonRef,
  smtpSettingsFromUrl,
  type Mailer,
  type OutboxSender,
} from '../../notify/index.js';
import { manualClock } from '../../schemas/index.js';
import type { TestDatabase } from '../helpers/pg.js';
import { createNotifyDatabase, decodeHeader, startSmtpServer, textOf, type TestSmtpServer } from './world.js';

let db: TestDatabase;
let smtp: TestSmtpServer;
let mailer: Mailer;
const clock = manualClock(new Date('2026-11-10T10:00:00Z'));
const ctx = () => ({ pool: db.pool, clock });
const ref = (n: number) => n.toString(16).padStart(64, '0');
const sender = (over: Partial<Parameters<typeof createOutboxSender>[0]> = {}): OutboxSender =>
  createOutboxSender({
    pool: db.pool,
    clock,
    mailer,
    from: 'Datapedia <ne-pas-repondre@datapedia.test>',
    publicUrl: 'https://datapedia.test',
    messageIdDomain: 'notify.datapedia.test',
    retryBaseMs: 60_000,
    ...over,
  });

beforeAll(async () => {
  db = await createNotifyDatabase();
  smtp = await startSmtpServer();
  mailer = createSmtpMailer({ host: '127.0.0.1', port: smtp.port, timeoutMs: 5000 });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await db.drop();
});
beforeEach(() => {
  smtp.received.length = 0;
});

describe('opt-in choices', () => {
  test('nothing is queued for a person who did not opt in to the kind; opting in queues it, once per key', async () => {
    const p = ref(1);
    expect(await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: 'consent_request:r1', at: clock.now() })).toBe(
      'not_queued',
    );
    await setNotificationPreferences(ctx(), p, { email: 'claire.martin@exemple.fr', kinds: { consent_request: true } });
    expect(
      await notifyPerson(db.pool, { personRef: p, kind: 'data_obtained', key: `data_obtained:${p}:21690123100011`, at: clock.now() }),
    ).toBe('not_queued');
    expect(await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: 'consent_request:r1', at: clock.now() })).toBe(
      'queued',
    );
    expect(await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: 'consent_request:r1', at: clock.now() })).toBe(
      'not_queued',
    );
    expect(await listNotificationsByPersonRef(db.pool, p)).toHaveLength(1);
    expect(await getNotificationPreferences(ctx(), p)).toEqual({
      email: 'claire.martin@exemple.fr',
      digest: 'immediate',
      kinds: { data_obtained: false, consent_request: true, dossier_status: false },
    });
  });

  test('invalid choices are refused with every violation; removing the address stops everything', async () => {
    await expect(
      setNotificationPreferences(ctx(), ref(2), { email: 'pas-une-adresse', digest: 'weekly', kinds: { spam: true } as never }),
    ).rejects.toMatchObject({
      code: 'client.validation_failed',
      errors: [{ pointer: '/email' }, { pointer: '/digest' }, { pointer: '/kinds/spam' }],
    });
    await setNotificationPreferences(ctx(), ref(2), { email: 'paul@exemple.fr', kinds: { dossier_status: true } });
    await removeNotificationPreferences(ctx(), ref(2));
    expect(
      await notifyPerson(db.pool, { personRef: ref(2), kind: 'dossier_status', key: 'dossier_status:d1:instruit', at: clock.now() }),
    ).toBe('not_queued');
  });
});

describe('sending', () => {
  test('one e-mail per notification, Message-ID derived from the key, and no data value in it', async () => {
    const p = ref(3);
    await setNotificationPreferences(ctx(), p, { email: 'nadia@exemple.fr', kinds: { data_obtained: true } });
    const key = `data_obtained:${p}:21690123100011`;
    await notifyPerson(db.pool, { personRef: p, kind: 'data_obtained', key, at: clock.now() });
    expect(await sender().runOnce()).toEqual({ sent: 2, failed: 0 }); // with the consent request queued above
    const mail = smtp.received.find((m) => m.to[0] === 'nadia@exemple.fr')!;
    expect(mail.messageId).toBe(messageIdFor(key, 'notify.datapedia.test'));
    expect(decodeHeader(mail.subject!)).toBe('[Datapedia] Une nouvelle administration a obtenu des informations vous concernant');
    const text = textOf(mail);
    expect(text).toContain('https://datapedia.test/moi');
    // Nothing about the exchange: no SIRET, no reference, no address but the link.
    expect(text).not.toMatch(/\d{5,}/);
    expect(text).not.toMatch(/[0-9a-f]{16,}/);
    expect(text).not.toContain('nadia');
    expect((await listNotificationsByPersonRef(db.pool, p))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sender().runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  test('a refused message is retried with exponential back-off (1 min, 2 min), then sent', async () => {
    const p = ref(4);
    await setNotificationPreferences(ctx(), p, { email: 'karim@exemple.fr', kinds: { dossier_status: true } });
    await notifyPerson(db.pool, { personRef: p, kind: 'dossier_status', key: 'dossier_status:d2:recu', at: clock.now() });
    smtp.refuseNext(2);
    const s = sender();
    const t0 = clock.now().getTime();
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 1 });
    let [row] = await listNotificationsByPersonRef(db.pool, p);
    expect([row!.status, row!.attempts, row!.next_attempt_at.getTime() - t0]).toEqual(['pending', 1, 60_000]);
    expect(row!.last_error).toMatch(/451/);
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 }); // not due yet
    clock.set(new Date(t0 + 60_000));
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 1 });
    [row] = await listNotificationsByPersonRef(db.pool, p);
    expect([row!.attempts, row!.next_attempt_at.getTime() - (t0 + 60_000)]).toEqual([2, 120_000]);
    clock.set(new Date(t0 + 180_000));
    expect(await s.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.map((m) => m.to[0])).toEqual(['karim@exemple.fr']);
  });

  test('after maxAttempts a notification is dead, never sent again', async () => {
    const p = ref(5);
    await setNotificationPreferences(ctx(), p, { email: 'sophie@exemple.fr', kinds: { dossier_status: true } });
    await notifyPerson(db.pool, { personRef: p, kind: 'dossier_status', key: 'dossier_status:d3:recu', at: clock.now() });
    smtp.refuseNext(10);
    const s = sender({ maxAttempts: 2, retryBaseMs: 1000 });
    await s.runOnce();
    clock.set(new Date(clock.now().getTime() + 1000));
    await s.runOnce();
    expect((await listNotificationsByPersonRef(db.pool, p))[0]).toMatchObject({ status: 'dead', attempts: 2 });
    smtp.refuseNext(0);
    clock.set(new Date(clock.now().getTime() + 86_400_000));
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  test('three senders at once (three gateways): each notification is claimed and sent exactly once', async () => {
    const people = Array.from({ length: 30 }, (_, i) => ref(100 + i));
    for (const p of people) {
      await setNotificationPreferences(ctx(), p, { email: `p${p.slice(-3)}@exemple.fr`, kinds: { consent_request: true } });
      await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: `consent_request:${p}`, at: clock.now() });
    }
    const senders = [1, 2, 3].map((n) => sender({ senderId: `gw-${n}`, batchSize: 4 }));
    const drain = async (s: OutboxSender) => {
      let total = 0;
      for (;;) {
        const r = await s.runOnce();
        total += r.sent;
        if (r.sent + r.failed === 0) return total;
      }
    };
    const counts = await Promise.all(senders.map(drain));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
    expect(smtp.received).toHaveLength(30);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(30);
  });
});

describe('daily digest', () => {
  test('a person on the daily digest gets one e-mail a day with the counts, nothing else', async () => {
    const p = ref(6);
    await setNotificationPreferences(ctx(), p, {
      email: 'lea@exemple.fr',
      digest: 'daily',
      kinds: { data_obtained: true, consent_request: true },
    });
    clock.set(new Date('2026-11-20T09:00:00Z'));
    await notifyPerson(db.pool, { personRef: p, kind: 'data_obtained', key: `data_obtained:${p}:21690123100011`, at: clock.now() });
    await notifyPerson(db.pool, { personRef: p, kind: 'data_obtained', key: `data_obtained:${p}:22330001300016`, at: clock.now() });
    await notifyPerson(db.pool, { personRef: p, kind: 'consent_request', key: 'consent_request:r9', at: clock.now() });
    const s = sender();
    expect(await composeDigests(ctx())).toBe(0);
    expect(await s.runOnce()).toEqual({ sent: 0, failed: 0 });
    clock.set(new Date('2026-11-21T06:00:00Z'));
    expect(await composeDigests(ctx())).toBe(1);
    expect(await composeDigests(ctx())).toBe(0);
    expect(await s.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(decodeHeader(smtp.received[0]!.subject!)).toBe('[Datapedia] Votre résumé du jour');
    const text = textOf(smtp.received[0]!);
    expect(text).toContain('(2 fois)');
    expect(text).toContain('Une administration vous demande votre accord');
    const rows = await listNotificationsByPersonRef(db.pool, p);
    expect(rows.map((r) => r.status).sort()).toEqual(['digested', 'digested', 'digested', 'sent']);
  });
});

describe('SMTP settings from the configuration URL', () => {
  test('smtp and smtps URLs, credentials decoded, default ports; anything else refused', () => {
    expect(smtpSettingsFromUrl('smtp://mailer:p%40ss@smtp.exemple.gouv.fr?starttls=required')).toEqual({
      host: 'smtp.exemple.gouv.fr',
      port: 587,
      secure: false,
      requireTls: true,
      user: 'mailer',
      password: 'p@ss',
    });
    expect(smtpSettingsFromUrl('smtps://smtp.exemple.gouv.fr:2465')).toEqual({
      host: 'smtp.exemple.gouv.fr',
      port: 2465,
      secure: true,
      requireTls: false,
    });
    expect(() => smtpSettingsFromUrl('http://smtp.exemple.gouv.fr')).toThrow(TypeError);
    expect(() => smtpSettingsFromUrl('pas une url')).toThrow(TypeError);
  });
});
