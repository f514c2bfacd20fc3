import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import { createLedgerWriter, type LedgerWriter } from './writer.js';
import { loadLedgerSigner } from './keys.js';
import { createKafkaRelay, createKafkaClient, type KafkaLike, type KafkaRelay } from './relay.js';
import { appendFile } from 'node:fs/promises';
import type { Checkpoint } from './checkpoint.js';
import { createWitnessClient, type WitnessSubmitResult } from './witness/client.js';
import type { WitnessConfig } from './witness/cosignature.js';

/** A chain id of this process: `gw-<host>-<pid>-<random>` (never reused after a restart). */
export function defaultChainId(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9.-]/g, '-')
    .slice(0, 40);
  return `gw-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface OpenLedgerOptions {
  pool: pg.Pool;
  clock: Clock;
  /** LEDGER_CHAIN_ID, else `defaultChainId()`. */
  chainId?: string;
  maxBatch?: number;
  maxQueue?: number;
  /** LEDGER_CHECKPOINT_EVENTS / LEDGER_CHECKPOINT_INTERVAL_MS. */
  checkpointEvery: { events: number; ms: number };
  /** When set (KAFKA_BROKERS), committed events are relayed to Kafka. */
  kafka?: { brokers: string[]; clientId: string; topic: string } | { client: KafkaLike; topic: string };
  /** False: the relay is built but not started (the process's background jobs start and stop it). */
  startRelay?: boolean;
  onError?: (err: unknown, what: 'checkpoint' | 'relay') => void;
  /** KEY_ENCRYPTION_SECRET: seals the checkpoint signing key at rest. */
  keySecret?: string;
  /** LEDGER_WITNESSES: each checkpoint is sent to them and their co-signatures stored. */
  witnesses?: WitnessConfig[];
  /** LEDGER_CHECKPOINT_LOG: each checkpoint JWS is also appended (one per line) to this file, outside the database. */
  checkpointLog?: string;
  /** Hears each witness round (metrics, logs). */
  onWitness?: (results: WitnessSubmitResult[], cp: Checkpoint) => void;
}

export interface Ledger {
  writer: LedgerWriter;
  relay: KafkaRelay | null;
  /** Drains the writer, takes a last checkpoint, stops the relay. */
  close(): Promise<void>;
}

/** Everything a gateway process needs: its writer (own chain, checkpoints) and the optional relay. */
export async function openLedger(opts: OpenLedgerOptions): Promise<Ledger> {
  const signer = await loadLedgerSigner(opts.pool, { keySecret: opts.keySecret });
  const witnesses = opts.witnesses?.length ? createWitnessClient({ pool: opts.pool, witnesses: opts.witnesses }) : null;
  const onCheckpoint = async (cp: Checkpoint): Promise<void> => {
    if (opts.checkpointLog) await appendFile(opts.checkpointLog, `${cp.jws}\n`);
    // Submitted whether or not anyone listens (an optional call would skip evaluating its arguments).
    if (witnesses) {
      const results = await witnesses.submit(cp);
      opts.onWitness?.(results, cp);
    }
    if (relay) await relay.publishCheckpoint(cp);
  };
  const writer = createLedgerWriter({
    pool: opts.pool,
    clock: opts.clock,
    chainId: opts.chainId ?? defaultChainId(),
    maxBatch: opts.maxBatch,
    maxQueue: opts.maxQueue,
    signer,
    checkpointEvery: opts.checkpointEvery,
    onCheckpointError: (err) => opts.onError?.(err, 'checkpoint'),
    onCheckpoint,
  });
  let relay: KafkaRelay | null = null;
  if (opts.kafka) {
    const client = 'client' in opts.kafka ? opts.kafka.client : createKafkaClient(opts.kafka.brokers, opts.kafka.clientId);
    relay = createKafkaRelay({ pool: opts.pool, kafka: client, topic: opts.kafka.topic, onError: (err) => opts.onError?.(err, 'relay') });
    if (opts.startRelay !== false) relay.start();
  }
  return {
    writer,
    relay,
    async close() {
      await writer.close();
      await relay?.stop();
    },
  };
}
