import { Command } from 'commander';
import { migrate } from '../process/migrate.js';
import { registerCatalogCommands, registerConnectorCommands } from './catalog.js';
import { loadConfigOrExit, createLogger, openDatabase, type Database } from '../process/runtime.js';
import { configMarkdownTable, type Config } from '../config.js';
import type { Logger } from 'pino';
import { registerLedgerCommands } from './ledger.js';
import { registerWitnessCommand, witnessEnvironment } from './witness.js';
import { describeDatabaseFailure } from './database-error.js';

/** Runs `fn` with a migrated database (embedded or configured), then closes it. */
export async function withDatabase<T>(fn: (db: Database, config: Config, logger: Logger) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  let db: Database;
  try {
    db = await openDatabase(config, logger);
  } catch (err) {
    throw new Error(describeDatabaseFailure(err, config), { cause: err });
  }
  try {
    await db.pool.query('SELECT 1').catch((err: unknown) => {
      throw new Error(describeDatabaseFailure(err, config), { cause: err });
    });
    await migrate(db.pool);
    return await fn(db, config, logger);
  } finally {
    await db.close();
  }
}

const program = new Command('datapedia').description('Datapedia — passerelle d’échange de données entre administrations');

program
  .command('start')
  .description('start the gateway (embedded PostgreSQL unless DATABASE_URL is set)')
  // Loaded lazily: the other commands need neither the HTTP app nor the identity provider.
  .action(async () => {
    const { start } = await import('../main.js');
    await start(process.env);
  });

program
  .command('migrate')
  .description('apply pending SQL migrations')
  .action(async () => {
    const config = loadConfigOrExit(process.env);
    const logger = createLogger(config);
    const db = await openDatabase(config, logger);
    try {
      const { applied } = await migrate(db.pool);
      process.stdout.write(applied.length ? `applied:\n${applied.map((a) => `  ${a}`).join('\n')}\n` : 'database is up to date\n');
    } finally {
      await db.close();
    }
  });

program
  .command('demo')
  .description('load the demo world (idempotent)')
  .action(async () => {
    const { seedDemo } = await import('../demo/index.js');
    await withDatabase(async (db, config, logger) => {
      await seedDemo(db.pool, logger, config);
    });
    process.stdout.write('demo world loaded\n');
  });

program
  .command('config')
  .description('print the configuration variables (schemas/config.json) as a Markdown table')
  .action(async () => {
    process.stdout.write(configMarkdownTable());
  });

registerCatalogCommands(program, withDatabase);

registerConnectorCommands(program, (fn) => withDatabase((db, config) => fn(db, config)));

registerLedgerCommands(
  program,
  (fn) => withDatabase((db, config) => fn({ pool: db.pool, keySecret: config.KEY_ENCRYPTION_SECRET, config })),
  () => loadConfigOrExit(process.env),
);

registerWitnessCommand(program, () => loadConfigOrExit(witnessEnvironment(process.env)));

/** Other issues register their commands here (`catalog import`, `ledger verify`, ...). */
export { program };

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
