/**
 * The process-wide parts of the real exchange ports, for `main.ts` (the only place that builds
 * real resources, STYLE.md #2): this process's ledger writer (own chain, signed checkpoints,
 * optional Kafka relay, through `openLedger`) and the connector registry (connectors built from
 * the catalogue's configuration, the running demo producers' connectors first).
 *
 *   const exchange = await openExchangeParts({ pool, clock, demoConnectors: demo?.connectors });
 *   createApp({ ..., exchangeParts: exchange.parts });   ...   await exchange.close();
 */
import type pg from 'pg';
import type { Clock } from '../../../schemas/index.js';
import { openLedger, type OpenLedgerOptions, type LedgerWriter as DomainLedgerWriter } from '../../../ledger/index.js';
import { join } from 'node:path';
import { createConnector, startDemoProducers, type Connector } from '../../../connectors/index.js';
import type { RealExchangeParts } from '../ports.js';
import type { Config } from '../../config.js';
import { catalogConnectorRegistry, type DomainConnector } from './connectors.js';
import { ledgerWriterPort } from './ledger.js';

export interface ExchangeProcessParts {
  parts: Required<RealExchangeParts>;
  /** This process's one ledger writer, shared by every control-plane event (contracts, consents, audit reads). */
  writer: DomainLedgerWriter;
  /** Connectors of a producer running in this process (producer health pings). */
  connectorsFor(producerSiret: string): Connector[];
  /** Drains the ledger writer (last checkpoint), closes the connectors built here. */
  close(): Promise<void>;
}

export async function openExchangeParts(opts: {
  pool: pg.Pool;
  clock: Clock;
  demoConnectors?: Map<string, DomainConnector>;
  ledger?: Partial<Omit<OpenLedgerOptions, 'pool' | 'clock'>>;
  onError?: OpenLedgerOptions['onError'];
}): Promise<ExchangeProcessParts> {
  const ledger = await openLedger({
    pool: opts.pool, clock: opts.clock, checkpointEvery: { events: 10_000, ms: 10_000 }, onError: opts.onError, ...opts.ledger,
  });
  const connectors = catalogConnectorRegistry(
    (config) => createConnector(config, { pool: opts.pool, invalidCode: 'gateway.misconfigured' }),
    Object.fromEntries(opts.demoConnectors ?? []),
  );
  return {
    parts: { ledger: ledgerWriterPort(ledger.writer), connectors },
    writer: ledger.writer,
    connectorsFor: () => [],
    close: async () => {
      await ledger.close();
      await connectors.close();
    },
  };
}

/** The ledger's options from the configuration (LEDGER_*, KAFKA_*). */
function ledgerOptions(c: Parameters<typeof openExchangeForProcess>[0]['config']): Partial<Omit<OpenLedgerOptions, 'pool' | 'clock'>> {
  const brokers = c.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter((b) => b !== '') ?? [];
  return {
    ...(c.LEDGER_CHAIN_ID ? { chainId: c.LEDGER_CHAIN_ID } : {}),
    maxBatch: c.LEDGER_MAX_BATCH, maxQueue: c.LEDGER_MAX_QUEUE, keySecret: c.KEY_ENCRYPTION_SECRET,
    checkpointEvery: { events: c.LEDGER_CHECKPOINT_EVENTS, ms: c.LEDGER_CHECKPOINT_INTERVAL_MS },
    ...(brokers.length ? { kafka: { brokers, clientId: c.KAFKA_CLIENT_ID, topic: c.KAFKA_TOPIC } } : {}),
  };
}

/**
 * What `datapedia start` needs for the exchange path: with DEMO, the demo producers' backends
 * (in process, data under DATA_DIR/demo) and their connectors; then the ledger and registry.
 */
export async function openExchangeForProcess(opts: {
  config: Pick<Config, 'DEMO' | 'DATA_DIR' | 'LEDGER_CHAIN_ID' | 'LEDGER_MAX_BATCH' | 'LEDGER_MAX_QUEUE' | 'LEDGER_CHECKPOINT_EVENTS' | 'LEDGER_CHECKPOINT_INTERVAL_MS' | 'KAFKA_BROKERS' | 'KAFKA_TOPIC' | 'KAFKA_CLIENT_ID' | 'KEY_ENCRYPTION_SECRET'>;
  pool: pg.Pool;
  clock: Clock;
  logger: { error(obj: object, msg: string): void };
}): Promise<ExchangeProcessParts> {
  const demo = opts.config.DEMO ? await startDemoProducers({ pool: opts.pool, dataDir: join(opts.config.DATA_DIR, 'demo') }) : null;
  try {
    const parts = await openExchangeParts({
      pool: opts.pool, clock: opts.clock, demoConnectors: demo?.connectors, ledger: ledgerOptions(opts.config),
      onError: (err, what) => opts.logger.error({ err, what }, 'ledger background task failed'),
    });
    return { ...parts, connectorsFor: (siret) => demo?.connectorsFor(siret) ?? [], close: async () => { await parts.close(); await demo?.stop(); } };
  } catch (err) {
    await demo?.stop();
    throw err;
  }
}
