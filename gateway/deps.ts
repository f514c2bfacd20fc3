import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../schemas/index.js';
import type { Config } from './config.js';
import type { Authenticator } from './http/auth.js';
import type { ExchangePorts, RealExchangeParts } from '../exchange/index.js';
import type { ExchangeStep } from '../exchange/index.js';
import type { ConnectorGovernance, ProducerHealthSources } from '../connectors/index.js';
import type { LedgerWriter } from '../ledger/index.js';

/**
 * Everything the process's services need from the outside world: `main.ts` builds the real ones,
 * tests inject theirs (tests/helpers/app.ts); `compose.ts` builds the services over them.
 */
export interface AppDeps {
  config: Config;
  /** The control plane's pool (REST, GraphQL, pages, background jobs). */
  pool: pg.Pool;
  /**
   * The exchange path's own pool (docs/architecture.md, Data: separate pools, so that no
   * control-plane load can starve exchanges). Absent: the exchange path uses `pool`.
   */
  exchangePool?: pg.Pool;
  logger: Logger;
  clock: Clock;
  /** Extra authenticators tried before the static admin token (OIDC sessions, IdP bearer tokens). */
  authenticators?: Authenticator[];
  /** Ports of the exchange path (tests and benchmarks inject in-memory ones; `steps` only for benchmarks). */
  exchange?: ExchangePorts & { steps?: readonly ExchangeStep[] };
  /** Process-wide parts of the real exchange ports (main.ts: the ledger port, the connector registry). Absent: the exchange records with `ledger` and has no connector. */
  exchangeParts?: RealExchangeParts;
  /** Declared connector targets and the sealer of connector secrets (main.ts: shared with the exchange's connector registry). Absent: from CONNECTOR_TARGETS. */
  connectorGovernance?: ConnectorGovernance;
  /** Producer health pings: connectors bound in this process and recent exchange outcomes (ledger). */
  producerHealth?: ProducerHealthSources;
  /**
   * The process's one ledger writer (one chain per process): contract transitions, consents,
   * citizen reports, auditors' reads, and exchanges unless `exchangeParts.ledger` says otherwise.
   */
  ledger: Pick<LedgerWriter, 'append'>;
}
