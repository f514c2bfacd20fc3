import type pg from 'pg';
import kafkajs from 'kafkajs';
import { toCloudEvent, CLOUDEVENTS_JSON } from './cloudevent.js';
import { listChainIds } from './store/events.js';
import {
  insertRelayPosition,
  lockRelayPositionByChainId,
  updateRelayPositionByChainId,
  listEventsAfterSeq,
  findRelayPositions,
} from './store/relay.js';

/** The part of a kafkajs `Producer` the relay uses (its test boundary). */
export interface KafkaProducerLike {
  connect(): Promise<void>;
  send(record: {
    topic: string;
    acks?: number;
    messages: { key: string; value: string; headers?: Record<string, string> }[];
  }): Promise<unknown>;
  disconnect(): Promise<void>;
}

/** The part of a kafkajs `Kafka` client the relay uses. */
export interface KafkaLike {
  producer(config?: { idempotent?: boolean; maxInFlightRequests?: number; allowAutoTopicCreation?: boolean }): KafkaProducerLike;
}

/** The real client (`KAFKA_BROKERS`, `KAFKA_CLIENT_ID`). */
export function createKafkaClient(brokers: string[], clientId: string): KafkaLike {
  return new kafkajs.Kafka({ clientId, brokers });
}

export interface KafkaRelayOptions {
  pool: pg.Pool;
  kafka: KafkaLike;
  topic: string;
  /** Events per Kafka send (default 500). */
  batchSize?: number;
  /** Pause when idle (default 500 ms) and after a failure (default 2,000 ms). */
  pollMs?: number;
  retryMs?: number;
  onError?: (err: unknown) => void;
}

export interface KafkaRelay {
  start(): void;
  /** Stops polling, waits for the current round, disconnects the producer. */
  stop(): Promise<void>;
  /** One round over every chain; resolves with the number of events published. */
  runOnce(): Promise<number>;
  positions(): Promise<Record<string, number>>;
  /**
   * Publishes a checkpoint (CloudEvent `fr.gouv.datapedia.ledger.checkpoint`, id
   * `checkpoint-<number>`, data = number, SHA-256 and compact JWS): one more copy outside the
   * database that any consumer can keep and compare.
   */
  publishCheckpoint(cp: { number: number; sha256: string; jws: string; createdAt: Date }): Promise<void>;
}

/**
 * Publishes committed ledger events to Kafka as structured CloudEvents, in order per chain
 * (key = subject_ref, or the chain id when there is no subject). The position of each chain is
 * advanced in PostgreSQL only after the broker acknowledged (acks = all): at-least-once, and the
 * CloudEvents `id` (= event id) lets consumers drop duplicates; the idempotent producer avoids
 * most of them. The position row is locked while publishing, so two gateways never interleave.
 */
export function createKafkaRelay(opts: KafkaRelayOptions): KafkaRelay {
  const batchSize = opts.batchSize ?? 500;
  const producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let connected = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<number> | null = null;
  let stopped = false;

  async function publishChain(chainId: string): Promise<number> {
    await insertRelayPosition(opts.pool, chainId);
    const client = await opts.pool.connect();
    try {
      await client.query('BEGIN');
      const position = await lockRelayPositionByChainId(client, chainId);
      const events = position === null ? [] : await listEventsAfterSeq(client, chainId, position, batchSize);
      if (events.length > 0) {
        if (!connected) {
          await producer.connect();
          connected = true;
        }
        await producer.send({
          topic: opts.topic,
          acks: -1,
          messages: events.map((e) => ({
            key: e.subject_ref ?? e.chain_id,
            value: JSON.stringify(toCloudEvent(e)),
            headers: { 'content-type': CLOUDEVENTS_JSON },
          })),
        });
        await updateRelayPositionByChainId(client, chainId, events[events.length - 1]!.seq);
      }
      await client.query('COMMIT');
      return events.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function runOnce(): Promise<number> {
    let published = 0;
    for (const chainId of await listChainIds(opts.pool)) published += await publishChain(chainId);
    return published;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runOnce();
      round
        .then(
          (n) => schedule(n > 0 ? 0 : (opts.pollMs ?? 500)),
          (err: unknown) => {
            opts.onError?.(err);
            schedule(opts.retryMs ?? 2000);
          },
        )
        .finally(() => {
          round = null;
        });
    }, ms);
    timer.unref();
  }

  return {
    start: () => {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round?.catch(() => undefined);
      if (connected) await producer.disconnect().catch(() => undefined);
      connected = false;
    },
    runOnce,
    positions: () => findRelayPositions(opts.pool),
    async publishCheckpoint(cp) {
      if (!connected) {
        await producer.connect();
        connected = true;
      }
      const event = {
        specversion: '1.0',
        id: `checkpoint-${cp.number}`,
        source: 'urn:datapedia:ledger',
        type: 'fr.gouv.datapedia.ledger.checkpoint',
        time: cp.createdAt.toISOString(),
        datacontenttype: 'application/json',
        data: { number: cp.number, sha256: cp.sha256, jws: cp.jws },
      };
      await producer.send({
        topic: opts.topic,
        acks: -1,
        messages: [{ key: 'checkpoint', value: JSON.stringify(event), headers: { 'content-type': CLOUDEVENTS_JSON } }],
      });
    },
  };
}
