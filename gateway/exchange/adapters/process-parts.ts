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
import { openLedger, type OpenLedgerOptions } from '../../../ledger/index.js';
import { createConnector } from '../../../connectors/index.js';
import type { RealExchangeParts } from '../ports.js';
import { catalogConnectorRegistry, type DomainConnector } from './connectors.js';
import { ledgerWriterPort } from './ledger.js';

export interface ExchangeProcessParts {
  parts: Required<RealExchangeParts>;
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
    close: async () => {
      await ledger.close();
      await connectors.close();
    },
  };
}
