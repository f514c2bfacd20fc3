import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { systemClock } from '../schemas/index.js';
import { recentOutcomesByProducer } from '../ledger/index.js';
import { createApp, type DatapediaApp } from './app.js';
import type { AppDeps } from './deps.js';
import { toLedgerEvent } from './services/citizen/consent-context.js';
import { buildServices, type Services } from './compose.js';
import { backgroundJobs, type Background } from './background.js';
import { contractEventToLedger } from './services/contract-events.js';
import { migrate } from './process/migrate.js';
import { seedDemo, isEmptyDatabase } from './demo/index.js';
import { loadConfigOrExit, createLogger, openDatabase, type Database } from './process/runtime.js';
import { openExchangeForProcess, type ExchangeProcessParts } from './exchange-adapters/process-parts.js';

/** Runs one start-up phase; a phase still running after a second says so, and how long it took. */
async function phase<T>(logger: Logger, name: string, run: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const slow = setTimeout(() => logger.info({ phase: name }, `start-up: ${name}…`), 1000);
  try {
    return await run();
  } finally {
    clearTimeout(slow);
    const ms = Date.now() - t0;
    if (ms >= 1000) logger.info({ phase: name, ms }, `start-up: ${name} done`);
  }
}

/**
 * `datapedia start`: config → database → migrate → ledger and connectors → compose →
 * background.start → listen. Stops gracefully on SIGTERM/SIGINT, in the reverse order: stop
 * accepting and let in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS), stop the
 * background jobs, release the services, drain the ledger writer, close the pools, stop the
 * embedded PostgreSQL.
 */
export async function start(env: Record<string, string | undefined>): Promise<void> {
  const t0 = Date.now();
  const config = loadConfigOrExit(env);
  const logger = createLogger(config);
  let db: Database | undefined;
  let parts: ExchangeProcessParts | undefined;
  let services: Services | undefined;
  let background: Background | undefined;
  let app: DatapediaApp | undefined;
  let server: Server | undefined;
  let stopping = false;

  /** Everything built so far, in reverse order; never throws. */
  async function release(): Promise<void> {
    await background?.stop().catch((err: unknown) => logger.error({ err }, 'background jobs did not stop cleanly'));
    await app?.close().catch((err: unknown) => logger.error({ err }, 'app close failed'));
    await services?.close().catch((err: unknown) => logger.error({ err }, 'services close failed'));
    await parts?.close().catch((err: unknown) => logger.error({ err }, 'ledger and connectors close failed'));
    await db?.close().catch((err: unknown) => logger.error({ err }, 'database close failed'));
  }

  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server?.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeIdleConnections();
      });
    }
    clearTimeout(force);
    logger.debug('http server closed');
    await release();
    logger.info('stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    db = await phase(logger, 'database', () => openDatabase(config, logger));
    const { pool, exchangePool } = db;
    const { applied } = await phase(logger, 'migrations', () => migrate(pool));
    if (applied.length) logger.info({ applied }, 'migrations applied');
    // The process's one ledger writer (one chain) and the connectors (demo producers in process with DEMO).
    const p = (parts = await phase(logger, 'ledger and connectors', () =>
      openExchangeForProcess({ config, pool: exchangePool, clock: systemClock, logger }),
    ));
    // The demo contracts go through the real workflow; their transitions are recorded like any other.
    if (config.DEMO && (await isEmptyDatabase(pool))) {
      await phase(logger, 'demo seed', () =>
        seedDemo(
          pool,
          logger,
          config,
          async (e) => {
            await p.writer.append(contractEventToLedger(e));
          },
          async (e) => {
            await p.writer.append(toLedgerEvent(e));
          },
          p.writer,
        ),
      );
    }
    const deps: AppDeps = {
      config,
      pool,
      exchangePool,
      logger,
      clock: systemClock,
      ledger: p.writer,
      exchangeParts: p.parts,
      connectorGovernance: p.connectorGovernance,
      producerHealth: {
        connectorsFor: (siret) => p.connectorsFor(siret),
        recentOutcomes: async (siret, since) =>
          (await recentOutcomesByProducer(pool, siret, since)).map((o) => ({
            at: o.occurredAt,
            outcome: o.outcome as 'served' | 'denied' | 'failed',
            problemCode: o.problemCode,
          })),
      },
    };
    const s = (services = await phase(logger, 'services', () => buildServices(deps)));
    app = await phase(logger, 'http surfaces', () => createApp(deps, s));
    background = backgroundJobs(deps, s, { relay: p.relay });
    background.start();
    logger.debug({ jobs: background.jobs }, 'background jobs started');
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    await release();
    process.exit(1);
  }
  if (stopping) return;
  server = createServer(app!.listener);
  server.keepAliveTimeout = 65_000;
  // A busy port is the operator's error, not a crash: one clear line, a clean stop, a non-zero code.
  server.on('error', (err: NodeJS.ErrnoException) => {
    const busy = err.code === 'EADDRINUSE';
    logger.fatal(
      { code: err.code, host: config.HOST, port: config.PORT },
      busy
        ? `Le port ${config.PORT} est déjà utilisé : arrêtez l’autre processus ou choisissez un autre PORT (port already in use).`
        : `Impossible d’écouter sur ${config.HOST}:${config.PORT} (cannot listen: ${err.code ?? err.message}).`,
    );
    stopping = true;
    void release().then(() => process.exit(busy ? 98 : 1));
  });
  server.listen(config.PORT, config.HOST, () => {
    const address = server!.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port, startupMs: Date.now() - t0, embedded: !!db!.embedded }, `Datapedia écoute sur http://localhost:${port}`);
    if (config.EMBEDDED_IDP)
      logger.info(
        { issuer: `${config.PUBLIC_URL}/idp` },
        `Fournisseur d’identité de test : connexion sur ${config.PUBLIC_URL}/connexion (comptes de test, aucun mot de passe)`,
      );
  });
}
