import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { startWitnessServer } from '../../ledger/index.js';
import type { Config } from '../config.js';
import { loadLedgerTrust, type LedgerTrustConfig } from '../process/ledger-trust.js';

/** The configuration `datapedia witness` reads (schemas/config.json). */
export type WitnessCliConfig = LedgerTrustConfig & Pick<Config, 'HOST' | 'WITNESS_NAME' | 'WITNESS_PORT' | 'WITNESS_STATE_DIR'>;

/**
 * `datapedia witness`: a witness of the ledger as a separate process, with its own state file and
 * key under WITNESS_STATE_DIR (never the gateway's database), trusting the log's pinned keys
 * (LEDGER_PINNED_KEYS). Prints its URL, its public key and the entry to add to the gateways'
 * LEDGER_WITNESSES; stops on SIGTERM or SIGINT.
 */
export async function witnessCommand(config: WitnessCliConfig, opts: { host?: string; port?: string }): Promise<number> {
  const { pinned } = await loadLedgerTrust(config);
  if (!pinned) {
    process.stderr.write(
      'LEDGER_PINNED_KEYS requis : un témoin ne contresigne que des points de contrôle signés par les clés épinglées du journal (datapedia ledger keys)\n',
    );
    return 78;
  }
  const port = opts.port === undefined ? config.WITNESS_PORT : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port : entier de 0 à 65535 attendu (reçu ${opts.port})\n`);
    return 78;
  }
  const dir = resolve(config.WITNESS_STATE_DIR);
  const name = config.WITNESS_NAME;
  const server = await startWitnessServer({
    name,
    port,
    host: opts.host ?? config.HOST,
    statePath: join(dir, 'state.json'),
    keyPath: join(dir, 'key.json'),
    logKeys: pinned,
  });
  // A wildcard interface is not an address to call: the entry names the loopback instead.
  const url = /^http:\/\/(0\.0\.0\.0|\[?::\]?):/.test(server.url)
    ? server.url.replace(/^http:\/\/[^/]*:/, 'http://127.0.0.1:')
    : server.url;
  const state = server.witness.state();
  process.stdout.write(
    `témoin ${name} à l’écoute sur ${url} (état : ${dir}, dernier point de contrôle contresigné : ${state.number || 'aucun'})\n`,
  );
  process.stdout.write(`clé publique : ${JSON.stringify(server.witness.publicKey)}\n`);
  process.stdout.write(`entrée de LEDGER_WITNESSES : ${JSON.stringify({ name, url, key: server.witness.publicKey })}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`${signal} : arrêt du témoin ${name}\n`);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return 0;
}

/**
 * The variables a witness reads: its own, the log's pinned keys, the interface and the log level.
 * Nothing of the gateway's (database, secrets): a witness runs on another machine and never
 * holds them, so production's checks of the gateway's secrets do not apply to it.
 */
export const WITNESS_VARIABLES = ['LEDGER_PINNED_KEYS', 'WITNESS_NAME', 'WITNESS_PORT', 'WITNESS_STATE_DIR', 'HOST', 'LOG_LEVEL'] as const;

export function witnessEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(WITNESS_VARIABLES.map((v) => [v, env[v]]));
}

/** Registers `datapedia witness` on the CLI program. */
export function registerWitnessCommand(program: Command, config: () => WitnessCliConfig): void {
  program
    .command('witness')
    .description('run a ledger witness (own state and key under WITNESS_STATE_DIR; trusts LEDGER_PINNED_KEYS)')
    .option('--host <host>', 'interface to listen on (default HOST)')
    .option('--port <port>', 'TCP port (default WITNESS_PORT; 0 = any free port)')
    .action(async (opts: { host?: string; port?: string }) => {
      const code = await witnessCommand(config(), opts);
      if (code !== 0) process.exitCode = code;
    });
}
