import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  createLedgerWriter,
  createKafkaRelay,
  openLedger,
  CLOUDEVENTS_JSON,
  type KafkaLike,
  type KafkaProducerLike,
  type LedgerCloudEvent,
} from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';
import { eventually } from '../helpers/eventually.js';

/**
 * A broker stand-in at the kafkajs boundary: records what was acknowledged, and fails the next
 * sends on demand (as kafkajs rejects when the cluster is unreachable).
 */
function fakeKafka() {
  const acked: { key: string; value: LedgerCloudEvent; headers?: Record<string, string> }[] = [];
  const state = { failNext: 0, connects: 0, disconnects: 0, producerConfig: undefined as unknown };
  const kafka: KafkaLike = {
    producer(config) {
      state.producerConfig = config;
      const producer: KafkaProducerLike = {
        connect: async () => {
          state.connects += 1;
        },
        disconnect: async () => {
          state.disconnects += 1;
        },
        send: async (record) => {
          if (state.failNext > 0) {
            state.failNext -= 1;
            throw new Error('KafkaJSConnectionError: broker unreachable');
          }
          for (const m of record.messages) acked.push({ key: m.key, value: JSON.parse(m.value) as LedgerCloudEvent, headers: m.headers });
          return [];
        },
      };
      return producer;
    },
  };
  return { kafka, acked, state };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const a = createLedgerWriter({ pool: db.pool, chainId: 'gw-r1', clock: manualClock() });
  const b = createLedgerWriter({ pool: db.pool, chainId: 'gw-r2', clock: manualClock() });
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).append(servedEvent(i, { subjectRef: i % 3 === 0 ? undefined : `${'c'.repeat(63)}${i % 10}` })),
    ),
  );
  await Promise.all([a.close(), b.close()]);
});
afterAll(async () => {
  await db.drop();
});

describe('Kafka relay (at its kafkajs boundary)', () => {
  test('publishes committed events as structured CloudEvents, in order per chain, keyed by subject_ref', async () => {
    const { kafka, acked, state } = fakeKafka();
    const relay = createKafkaRelay({ pool: db.pool, kafka, topic: 'datapedia.ledger', batchSize: 7 });
    let total = 0;
    for (let n = await relay.runOnce(); n > 0; n = await relay.runOnce()) total += n;
    expect(total).toBe(40);
    expect(state.producerConfig).toMatchObject({ idempotent: true });
    for (const chain of ['gw-r1', 'gw-r2']) {
      const seqs = acked.filter((m) => m.value.chainid === chain).map((m) => m.value.seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    const m = acked[0]!;
    expect(m.headers).toEqual({ 'content-type': CLOUDEVENTS_JSON });
    expect(m.value).toMatchObject({
      specversion: '1.0',
      id: m.value.data.id,
      type: 'fr.gouv.datapedia.ledger.exchange.served',
      datacontenttype: 'application/json',
    });
    expect(m.key).toBe(m.value.data.subject_ref ?? m.value.data.chain_id);
    expect(await relay.positions()).toEqual({ 'gw-r1': 20, 'gw-r2': 20 });
    await relay.stop();
  });

  test('broker errors: retried without loss or skip; a restart resumes from the stored position', async () => {
    const db2 = await createTestDatabase();
    try {
      const w = createLedgerWriter({ pool: db2.pool, chainId: 'gw-r', clock: manualClock() });
      for (let i = 0; i < 12; i++) await w.append(servedEvent(i));
      const first = fakeKafka();
      const relay = createKafkaRelay({ pool: db2.pool, kafka: first.kafka, topic: 't', batchSize: 5 });
      await relay.runOnce(); // seq 1-5 acked
      first.state.failNext = 2;
      await expect(relay.runOnce()).rejects.toThrow(/broker unreachable/);
      await expect(relay.runOnce()).rejects.toThrow(/broker unreachable/);
      expect(await relay.positions()).toEqual({ 'gw-r': 5 });
      await relay.runOnce(); // 6-10
      await relay.stop();
      expect(first.state.disconnects).toBe(1);

      // New events while "down", then a new process: resumes at 11, nothing lost, nothing skipped.
      for (let i = 12; i < 15; i++) await w.append(servedEvent(i));
      await w.close();
      const second = fakeKafka();
      const restarted = createKafkaRelay({ pool: db2.pool, kafka: second.kafka, topic: 't', batchSize: 100, pollMs: 10 });
      restarted.start();
      await eventually('the restarted relay publishes the 5 remaining events', () => second.acked.length >= 5);
      await restarted.stop();
      expect(first.acked.map((m) => m.value.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(second.acked.map((m) => m.value.seq)).toEqual([11, 12, 13, 14, 15]);
    } finally {
      await db2.drop();
    }
  });

  test('two relays (two gateways) never publish the same chain at once', async () => {
    const db3 = await createTestDatabase();
    try {
      const w = createLedgerWriter({ pool: db3.pool, chainId: 'gw-x', clock: manualClock() });
      for (let i = 0; i < 30; i++) await w.append(servedEvent(i));
      await w.close();
      const one = fakeKafka();
      const two = fakeKafka();
      const r1 = createKafkaRelay({ pool: db3.pool, kafka: one.kafka, topic: 't', batchSize: 3 });
      const r2 = createKafkaRelay({ pool: db3.pool, kafka: two.kafka, topic: 't', batchSize: 3 });
      for (let k = 0; k < 20; k++) await Promise.all([r1.runOnce(), r2.runOnce()]);
      const all = [...one.acked, ...two.acked].map((m) => m.value.seq).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      await Promise.all([r1.stop(), r2.stop()]);
    } finally {
      await db3.drop();
    }
  });

  test('openLedger wires writer, checkpoints and relay for a gateway process', async () => {
    const db4 = await createTestDatabase();
    try {
      const { kafka, acked } = fakeKafka();
      const log = join(tmpdir(), `dp-checkpoints-${randomUUID()}.log`);
      const ledger = await openLedger({
        pool: db4.pool,
        clock: manualClock(),
        chainId: 'gw-open',
        checkpointEvery: { events: 5, ms: 60_000 },
        kafka: { client: kafka, topic: 't' },
        checkpointLog: log,
      });
      for (let i = 0; i < 12; i++) await ledger.writer.append(servedEvent(i));
      const events = () => acked.filter((m) => m.key !== 'checkpoint');
      await eventually('the 12 events published', () => events().length >= 12);
      await ledger.close();
      expect(events().map((m) => m.value.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const { rows } = await db4.pool.query<{ number: string; jws: string }>('SELECT number, jws FROM ledger_checkpoints ORDER BY number');
      expect(rows.length).toBeGreaterThanOrEqual(2);
      // Every checkpoint is also published: one more copy outside the database.
      const published = acked
        .filter((m) => m.key === 'checkpoint')
        .map((m) => m.value as unknown as { id: string; type: string; data: { number: number; jws: string } });
      expect(published.map((p) => [p.id, p.type, p.data.jws])).toEqual(
        rows.map((r) => [`checkpoint-${r.number}`, 'fr.gouv.datapedia.ledger.checkpoint', r.jws]),
      );
      // ...and appended to a file outside the database.
      expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(rows.map((r) => r.jws));
      await rm(log, { force: true });
    } finally {
      await db4.drop();
    }
  });
});
