/**
 * « Une nouvelle administration a obtenu des données sur moi » is queued by a background job that
 * tails the ledger, never by the exchange path:
 * - a served exchange (real pipeline, real ledger writer) leaves the outbox untouched; the job
 *   then queues exactly one notification per person and administration, by the person's
 *   choices (opt-in per kind, daily digest held), nothing for refusals;
 * - a job process killed inside a batch's transaction leaves neither that batch's notifications
 *   nor its position; the job run again queues each one exactly once (no loss, no duplicate),
 *   and reading the whole ledger again queues nothing more.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createDataObtainedJob, listNotificationsByPersonRef, setNotificationPreferences } from '../../notify/index.js';
import { createLedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { backgroundJobs } from '../../gateway/background.js';
import type { ExchangeEvent } from '../../exchange/ports.js';
import { systemClock } from '../../schemas/index.js';
import { startExchangeWorld, qs, DUPONT, TRACE, GIRONDE, LYON, type ExchangeWorld } from '../support/exchange-world.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

describe('the exchange path queues no notification; the ledger tail does', () => {
  let f: ExchangeWorld;
  beforeAll(async () => {
    f = await startExchangeWorld({ contracts: [{ key: 'c-lyon' }, { key: 'c-gironde', consumerSiret: GIRONDE }] });
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
  });

  const outboxRows = async () => Number((await f.t.db.pool.query('SELECT count(*) FROM notify_outbox')).rows[0].count);
  const call = async (key: string, recipient: string, person: Record<string, string | string[]> = DUPONT) =>
    request(f.t.app)
      .get(`/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, recipient, ...person })}`)
      .set('Authorization', `Bearer ${await f.token(key)}`);

  test('served exchanges write no notification row; the job queues one per person and administration, by their choices', async () => {
    const job = createDataObtainedJob({ pool: f.t.db.pool, clock: f.t.clock });
    const first = await call('c-lyon', LYON);
    expect(first.status).toBe(200);
    const me = (await f.eventOf(first.body.meta.exchangeId))!.subjectRef!;
    // Not opted in yet: the job reads the event and queues nothing.
    expect((await job.runOnce()).queued).toBe(0);
    await setNotificationPreferences({ pool: f.t.db.pool, clock: f.t.clock }, me, {
      email: 'elodie@exemple.fr',
      kinds: { data_obtained: true },
    });

    for (let i = 0; i < 3; i++) expect((await call('c-lyon', LYON)).status).toBe(200);
    expect((await call('c-gironde', GIRONDE)).status).toBe(200);
    const refused = await call('c-lyon', LYON, { ...DUPONT, anneeDateNaissance: 'pas-une-annee' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // The exchange path wrote no notification row, whatever the person chose.
    expect(await outboxRows()).toBe(0);

    const run = await job.runOnce();
    expect(run).toEqual({ events: 5, queued: 2 });
    const rows = await listNotificationsByPersonRef(f.t.db.pool, me);
    expect(rows.map((r) => [r.notification_key, r.status]).sort()).toEqual([
      [`data_obtained:${me}:${LYON}`, 'pending'],
      [`data_obtained:${me}:${GIRONDE}`, 'pending'],
    ]);
    // Caught up: nothing more to read, nothing more queued; the same administration again is not new.
    expect(await job.runOnce()).toEqual({ events: 0, queued: 0 });
    expect((await call('c-lyon', LYON)).status).toBe(200);
    expect(await job.runOnce()).toEqual({ events: 1, queued: 0 });
    expect(await outboxRows()).toBe(2);
  });

  test('the daily digest holds the notification until the digest hour; a kind turned off queues nothing', async () => {
    const job = createDataObtainedJob({ pool: f.t.db.pool, clock: f.t.clock });
    const other = { ...DUPONT, nomNaissance: 'Martin', 'prenoms[]': ['Paul'] };
    const res = await call('c-lyon', LYON, other);
    expect(res.status).toBe(200);
    const paul = (await f.eventOf(res.body.meta.exchangeId))!.subjectRef!;
    const third = { ...DUPONT, nomNaissance: 'Bernard', 'prenoms[]': ['Léa'] };
    const res3 = await call('c-lyon', LYON, third);
    const lea = (await f.eventOf(res3.body.meta.exchangeId))!.subjectRef!;
    await job.runOnce();
    const ctx = { pool: f.t.db.pool, clock: f.t.clock };
    await setNotificationPreferences(ctx, paul, { email: 'paul@exemple.fr', digest: 'daily', kinds: { data_obtained: true } });
    await setNotificationPreferences(ctx, lea, { email: 'lea@exemple.fr', kinds: { data_obtained: false, consent_request: true } });
    expect((await call('c-gironde', GIRONDE, other)).status).toBe(200);
    expect((await call('c-gironde', GIRONDE, third)).status).toBe(200);
    await job.runOnce();
    expect((await listNotificationsByPersonRef(f.t.db.pool, paul)).map((r) => [r.notification_key, r.status])).toEqual([
      [`data_obtained:${paul}:${GIRONDE}`, 'held'],
    ]);
    expect(await listNotificationsByPersonRef(f.t.db.pool, lea)).toEqual([]);
  });

  test('the job is a background job of every process', () => {
    const bg = backgroundJobs(f.t.deps, f.t.services);
    expect(bg.jobs).toContain('notify.data-obtained');
  });
});

describe('a job process killed mid-batch, then run again', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const ref = (n: number) => n.toString(16).padStart(64, '0');
  const CONSUMERS = ['21690123100011', '22330001300016', '13000400500018'];

  test('no notification lost, none duplicated', async () => {
    const people = [1, 2, 3, 4].map(ref);
    for (const [i, p] of people.entries())
      await setNotificationPreferences({ pool: db.pool, clock: systemClock }, p, {
        email: `personne${i}@exemple.fr`,
        kinds: { data_obtained: true },
      });
    const writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'data-obtained-crash' });
    const port = ledgerWriterPort(writer);
    const expected = new Set<string>();
    // 4 people × 3 administrations, each exchange twice, a refusal between: 36 events, 12 notifications.
    for (const p of people)
      for (const c of CONSUMERS)
        for (const outcome of ['served', 'denied', 'served'] as const) {
          const e: ExchangeEvent = {
            id: randomUUID(),
            type: outcome === 'served' ? 'exchange.served' : 'exchange.denied',
            occurredAt: new Date(),
            outcome,
            status: outcome === 'served' ? 200 : 403,
            latencyMs: 1,
            subjectRef: p,
            subjectKind: 'person',
            consumerSiret: c,
            apiSlug: 'cnaf-quotient-familial',
            ...(outcome === 'denied' ? { problemCode: 'client.subject_objected' } : {}),
          };
          await port.append(e);
          if (outcome === 'served') expected.add(`data_obtained:${p}:${c}`);
        }
    await writer.close();

    // Batches of 5 events: the child commits batches 1 and 2, dies inside batch 3.
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'tests/notify/data-obtained-child.ts', db.url, '5', '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    expect(out).toMatch(/^batch 3 /m);
    expect(out).not.toContain('done');
    // PostgreSQL rolls the dead process's transaction back once it sees the connection gone.
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'data-obtained-child'`);
      if (Number(rows[0].count) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const keysNow = async () =>
      (await db.pool.query<{ notification_key: string }>('SELECT notification_key FROM notify_outbox')).rows.map((r) => r.notification_key);
    const position = async () =>
      Number((await db.pool.query(`SELECT seq FROM notify_ledger_positions WHERE chain_id = 'data-obtained-crash'`)).rows[0].seq);
    // Two batches committed (events 1..10), the third left nothing.
    expect(await position()).toBe(10);
    const afterCrash = await keysNow();
    expect(afterCrash.length).toBeGreaterThan(0);
    expect(afterCrash.length).toBeLessThan(expected.size);

    const job = createDataObtainedJob({ pool: db.pool, clock: systemClock, batchSize: 5 });
    expect((await job.runOnce()).events).toBe(26);
    const keys = await keysNow();
    expect(keys).toHaveLength(expected.size);
    expect(new Set(keys)).toEqual(expected);

    // The whole ledger read again (a lost position): the keys dedupe, nothing is queued twice.
    await db.pool.query(`UPDATE notify_ledger_positions SET seq = 0`);
    expect(await job.runOnce()).toEqual({ events: 36, queued: 0 });
    expect(await keysNow()).toHaveLength(expected.size);
    for (const p of people)
      expect((await listNotificationsByPersonRef(db.pool, p)).every((r) => r.kind === 'data_obtained' && r.status === 'pending')).toBe(
        true,
      );
  });
});
