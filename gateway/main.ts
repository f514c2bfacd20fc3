import { createServer, type Server } from 'node:http';
import { systemClock } from '../schemas/index.js';
import { createApp } from './app.js';
import type { AppDeps } from './deps.js';
import { contractEventToLedger } from './services/contract-events.js';
import { recentOutcomesByProducer } from '../ledger/index.js';
import { auditRuntime } from './services/audit-runtime.js';
import { migrate } from './process/migrate.js';
import { seedDemo, isEmptyDatabase } from './demo/index.js';
import { loadConfigOrExit, createLogger, openDatabase } from './process/runtime.js';
import { openExchangeForProcess, type ExchangeProcessParts } from './exchange-adapters/process-parts.js';

/**
 * `datapedia start`: the only place that builds real pools, clients and clocks.
 * Stops gracefully on SIGTERM/SIGINT: stop accepting, let in-flight requests finish (bounded
 * by SHUTDOWN_TIMEOUT_MS), close the pool, stop the embedded PostgreSQL.
 */
export async function start(env: Record<string, string | undefined>): Promise<void> {
  const t0 = Date.now();
  const config = loadConfigOrExit(env);
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  let server: Server | undefined;
  let stopping = false;

  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server?.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    if (server) {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeIdleConnections();
      });
    }
    clearTimeout(force);
    logger.debug('http server closed');
    await app?.close().catch(() => undefined);
    logger.debug('app closed');
    await exchange?.close().catch((err: unknown) => logger.error({ err }, 'exchange parts close failed'));
    await db.close();
    logger.info('stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let exchange: ExchangeProcessParts | undefined;
  try {
    const { applied } = await migrate(db.pool);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    // The exchange path's ledger writer and connectors (demo producers in process with DEMO).
    const parts = await openExchangeForProcess({ config, pool: db.exchangePool, clock: systemClock, logger });
    exchange = parts;
    // The demo contracts go through the real workflow; their transitions are recorded like any other.
    if (config.DEMO && (await isEmptyDatabase(db.pool))) await seedDemo(db.pool, logger, config, async (e) => { await parts.writer.append(contractEventToLedger(e)); });
    const deps: AppDeps = {
      config, pool: db.pool, exchangePool: db.exchangePool, logger, clock: systemClock, exchangeParts: parts.parts,
      connectorGovernance: parts.connectorGovernance,
      // One ledger writer (one chain) per process: exchanges, contract transitions, consents, audit reads.
      ledger: parts.writer,
      producerHealth: {
        connectorsFor: (siret) => parts.connectorsFor(siret),
        recentOutcomes: async (siret, since) => (await recentOutcomesByProducer(db.pool, siret, since))
          .map((o) => ({ at: o.occurredAt, outcome: o.outcome as 'served' | 'denied' | 'failed', problemCode: o.problemCode })),
      },
    };
    app = await createApp(deps);
    // Usage control (issue 8): tails the ledger and opens cases; stopped by app.close().
    auditRuntime(deps).evaluator().start();
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    await db.close();
    process.exit(1);
  }
  server = createServer(app.app);
  server.keepAliveTimeout = 65_000;
  // A busy port is the operator's error, not a crash: one clear line, a clean stop, a non-zero code.
  server.on('error', (err: NodeJS.ErrnoException) => {
    const busy = err.code === 'EADDRINUSE';
    logger.fatal({ code: err.code, host: config.HOST, port: config.PORT }, busy
      ? `Le port ${config.PORT} est déjà utilisé : arrêtez l’autre processus ou choisissez un autre PORT (port already in use).`
      : `Impossible d’écouter sur ${config.HOST}:${config.PORT} (cannot listen: ${err.code ?? err.message}).`);
    void (async () => {
      await app?.close().catch(() => undefined);
      await exchange?.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      process.exit(busy ? 98 : 1);
    })();
  });
  server.listen(config.PORT, config.HOST, () => {
    const address = server!.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port, startupMs: Date.now() - t0, embedded: !!db.embedded }, `Datapedia écoute sur http://localhost:${port}`);
    if (config.EMBEDDED_IDP) logger.info({ issuer: `${config.PUBLIC_URL}/idp` }, `Fournisseur d’identité de test : connexion sur ${config.PUBLIC_URL}/connexion (comptes de test, aucun mot de passe)`);
  });
}
