/**
 * The process-wide parts of the real exchange ports, for `main.ts` (the only place that builds
 * real resources): this process's ledger writer (own chain, signed checkpoints,
 * optional Kafka relay, through `openLedger`) and the connector registry (connectors built from
 * the catalogue's configuration, the running demo producers' connectors first).
 *
 *   const exchange = await openExchangeParts({ pool, clock, governance, demoConnectors: demo?.connectors });
 *   buildServices({ ..., ledger: exchange.writer, exchangeParts: exchange.parts });   ...   await exchange.close();
 */
import type pg from 'pg';
import type { Clock } from '../../schemas/index.js';
import { openLedger, type OpenLedgerOptions, type LedgerWriter as DomainLedgerWriter, type KafkaRelay } from '../../ledger/index.js';
import { join } from 'node:path';
import {
  connectionStringFor,
  connectorGovernance,
  currentDatabase,
  parseConnectorTargets,
  startDemoProducers,
  type Connector,
  type ConnectorGovernance,
} from '../../connectors/index.js';
import type { RealExchangeParts } from '../../exchange/index.js';
import type { Config } from '../config.js';
import { loadLedgerTrust } from '../process/ledger-trust.js';
import { ledgerWitnessOptions } from '../process/ledger-process.js';
import { processConnectorRegistry, type DomainConnector } from './connectors.js';
import { ledgerWriterPort } from './ledger.js';

export interface ExchangeProcessParts {
  parts: Required<RealExchangeParts>;
  /** This process's one ledger writer, shared by every control-plane event (contracts, consents, audit reads). */
  writer: DomainLedgerWriter;
  /** The ledger's Kafka relay (KAFKA_BROKERS), not started: a job of gateway/background.ts. */
  relay: KafkaRelay | null;
  /** The declared connector targets and the sealer of connector secrets (operator routes and CLI share them). */
  connectorGovernance: ConnectorGovernance;
  /** Connectors of a producer running in this process (producer health pings). */
  connectorsFor(producerSiret: string): Connector[];
  /** Drains the ledger writer (last checkpoint), closes the connectors built here. */
  close(): Promise<void>;
}

export async function openExchangeParts(opts: {
  pool: pg.Pool;
  clock: Clock;
  demoConnectors?: Map<string, DomainConnector>;
  /** Declared connector targets and the sealer of connector secrets. */
  governance: ConnectorGovernance;
  ledger?: Partial<Omit<OpenLedgerOptions, 'pool' | 'clock'>>;
  onError?: OpenLedgerOptions['onError'];
}): Promise<ExchangeProcessParts> {
  const ledger = await openLedger({
    pool: opts.pool,
    clock: opts.clock,
    checkpointEvery: { events: 10_000, ms: 10_000 },
    onError: opts.onError,
    ...opts.ledger,
    startRelay: false,
  });
  const connectors = processConnectorRegistry({ governance: opts.governance }, Object.fromEntries(opts.demoConnectors ?? []));
  return {
    parts: { ledger: ledgerWriterPort(ledger.writer), connectors },
    writer: ledger.writer,
    relay: ledger.relay,
    connectorGovernance: opts.governance,
    connectorsFor: () => [],
    close: async () => {
      await ledger.close();
      await connectors.close();
    },
  };
}

/** The ledger's options from the configuration (LEDGER_*, KAFKA_*). */
function ledgerOptions(c: Parameters<typeof openExchangeForProcess>[0]['config']): Partial<Omit<OpenLedgerOptions, 'pool' | 'clock'>> {
  const brokers =
    c.KAFKA_BROKERS?.split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '') ?? [];
  return {
    ...(c.LEDGER_CHAIN_ID ? { chainId: c.LEDGER_CHAIN_ID } : {}),
    maxBatch: c.LEDGER_MAX_BATCH,
    maxQueue: c.LEDGER_MAX_QUEUE,
    keySecret: c.KEY_ENCRYPTION_SECRET,
    checkpointEvery: { events: c.LEDGER_CHECKPOINT_EVENTS, ms: c.LEDGER_CHECKPOINT_INTERVAL_MS },
    ...(brokers.length ? { kafka: { brokers, clientId: c.KAFKA_CLIENT_ID, topic: c.KAFKA_TOPIC } } : {}),
  };
}

/**
 * What `datapedia start` needs for the exchange path: with DEMO, the demo producers' backends
 * (in process, data under DATA_DIR/demo) and their connectors; then the ledger and registry.
 */
export async function openExchangeForProcess(opts: {
  config: Pick<
    Config,
    | 'DEMO'
    | 'DATA_DIR'
    | 'CONNECTOR_TARGETS'
    | 'LEDGER_CHAIN_ID'
    | 'LEDGER_MAX_BATCH'
    | 'LEDGER_MAX_QUEUE'
    | 'LEDGER_CHECKPOINT_EVENTS'
    | 'LEDGER_CHECKPOINT_INTERVAL_MS'
    | 'KAFKA_BROKERS'
    | 'KAFKA_TOPIC'
    | 'KAFKA_CLIENT_ID'
    | 'KEY_ENCRYPTION_SECRET'
    | 'LEDGER_PINNED_KEYS'
    | 'LEDGER_WITNESSES'
    | 'LEDGER_WITNESS_QUORUM'
    | 'LEDGER_CHECKPOINT_LOG'
  >;
  pool: pg.Pool;
  clock: Clock;
  logger: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}): Promise<ExchangeProcessParts> {
  // Every checkpoint goes to the witnesses (LEDGER_WITNESSES) and to LEDGER_CHECKPOINT_LOG; a bad value stops the start.
  const witnessing = ledgerWitnessOptions(await loadLedgerTrust(opts.config), opts.config, opts.logger);
  // No SQL target may name Datapedia's own database (embedded or DATABASE_URL).
  const ownDatabaseUrl = connectionStringFor(opts.pool, await currentDatabase(opts.pool));
  const targets = parseConnectorTargets(opts.config.CONNECTOR_TARGETS, { ownDatabaseUrl });
  const governance = connectorGovernance(targets, opts.config.KEY_ENCRYPTION_SECRET);
  // With DEMO, the demo producers declare their own targets (loopback servers, extract folder, referential database).
  const demo = opts.config.DEMO
    ? await startDemoProducers({ pool: opts.pool, dataDir: join(opts.config.DATA_DIR, 'demo'), targets })
    : null;
  try {
    const parts = await openExchangeParts({
      pool: opts.pool,
      clock: opts.clock,
      demoConnectors: demo?.connectors,
      governance,
      ledger: { ...ledgerOptions(opts.config), ...witnessing },
      onError: (err, what) => opts.logger.error({ err, what }, 'ledger background task failed'),
    });
    return {
      ...parts,
      connectorsFor: (siret) => demo?.connectorsFor(siret) ?? [],
      close: async () => {
        await parts.close();
        await demo?.stop();
      },
    };
  } catch (err) {
    await demo?.stop();
    throw err;
  }
}
