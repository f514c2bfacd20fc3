import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type pg from 'pg';
import { systemClock } from '../../schemas/index.js';
import {
  verifyLedger,
  buildProof,
  verifyProof,
  verifyArchive,
  createCheckpoint,
  loadLedgerSigner,
  listLedgerKeys,
  loadPinnedKeys,
  rotateLedgerKey,
  openLedger,
  runRetention,
  type VerifyReport,
  type ProofBundle,
  type LedgerPublicKey,
} from '../../ledger/index.js';
import type { Config } from '../config.js';
import {
  catalogRetention,
  loadLedgerTrust,
  platformRetention,
  type LedgerRetentionConfig,
  type LedgerTrustConfig,
} from '../process/ledger-trust.js';

/** The configuration a ledger command reads (schemas/config.json). */
export type LedgerCliConfig = Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'LEDGER_CHECKPOINT_EVENTS' | 'LEDGER_CHECKPOINT_INTERVAL_MS'> &
  LedgerTrustConfig &
  LedgerRetentionConfig;

/** How a command gets a migrated database (gateway/cli/index.ts `withDatabase`) and the configuration. */
export type WithPool = <T>(fn: (db: { pool: pg.Pool; keySecret?: string; config: LedgerCliConfig }) => Promise<T>) => Promise<T>;

/** Exit status of a verification that found a break, or that could not trust anything (0 = intact, 1 = could not run). */
export const EXIT_BROKEN = 2;

function printReport(r: VerifyReport): void {
  const out = process.stdout;
  out.write(
    `${r.events} événements, ${r.chains.length} chaîne(s), ${r.checkpoints} point(s) de contrôle vérifiés en ${(r.elapsedMs / 1000).toFixed(2)} s (${Math.round(r.eventsPerSecond)} événements/s)\n`,
  );
  out.write(r.latestCheckpoint === null ? 'aucun point de contrôle numéroté\n' : `dernier point de contrôle : n° ${r.latestCheckpoint}\n`);
  for (const w of r.witnesses) {
    out.write(
      `témoin ${w.name} : ${w.agrees ? 'concorde' : 'DÉSACCORD'}${w.latest === null ? '' : ` (point de contrôle n° ${w.latest})`}${w.message ? ` — ${w.message}` : ''}\n`,
    );
  }
  for (const w of r.warnings) out.write(`attention : ${w}\n`);
  if (r.ok) {
    out.write('journal intègre\n');
    return;
  }
  out.write(`JOURNAL ALTÉRÉ : ${r.breakCount} anomalie(s)\n`);
  const b = r.firstBreak!;
  const at =
    b.checkpointNumber !== undefined && b.seq === null
      ? `point de contrôle ${b.checkpointNumber}`
      : `chaîne ${b.chainId ?? '-'} seq ${b.seq ?? '-'}`;
  out.write(`première anomalie : ${at}${b.witness ? ` témoin ${b.witness}` : ''} (${b.kind}) — ${b.message}\n`);
  for (const x of r.breaks.slice(1, 20))
    out.write(`  ${x.chainId ?? '-'} #${x.seq ?? '-'}${x.checkpointNumber ? ` cp ${x.checkpointNumber}` : ''} ${x.kind} — ${x.message}\n`);
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`${name}: date ISO 8601 attendue (reçu ${value})`);
  return d;
}

/** `datapedia ledger verify`: recomputes every chain and checkpoint signature against the pinned keys and the witnesses, with a progress bar. */
export async function verifyCommand(withPool: WithPool, opts: { from?: string; to?: string; json?: boolean }): Promise<number> {
  const from = parseDate(opts.from, '--from');
  const to = parseDate(opts.to, '--to');
  const bar = new cliProgress.SingleBar(
    { format: 'vérification [{bar}] {percentage}% | {value}/{total} événements | {eta}s', stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  const report = await withPool(async ({ pool, config }) => {
    const trust = await loadLedgerTrust(config);
    let started = false;
    try {
      return await verifyLedger(pool, {
        from,
        to,
        pinnedKeys: trust.pinned,
        witnesses: trust.witnesses,
        quorum: trust.quorum,
        onProgress: (done, total) => {
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.update(done);
        },
      });
    } finally {
      if (started) bar.stop();
    }
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
  return report.ok ? 0 : EXIT_BROKEN;
}

/** `datapedia ledger evidence EXCHANGE_ID`: writes the proof of one event (inclusion proof, co-signed checkpoint). */
export async function evidenceCommand(withPool: WithPool, exchangeId: string, opts: { output?: string }): Promise<number> {
  // With witnesses, the newest checkpoint co-signed by the quorum (a later one may not be co-signed yet).
  const bundle = await withPool(async ({ pool, config }) => {
    const { witnesses, quorum } = await loadLedgerTrust(config);
    return buildProof(pool, exchangeId, { minCosignatures: quorum ?? (witnesses.length || undefined) });
  });
  const file = opts.output ?? `preuve-${bundle.eventId}.json`;
  await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`);
  process.stdout.write(
    `preuve écrite dans ${file} (point de contrôle n° ${bundle.checkpoint.number}, ${bundle.cosignatures.length} contre-signature(s))\n`,
  );
  return 0;
}

/**
 * The keys an offline check trusts: `--keys FILE` (a JWK set, as served at
 * /.well-known/ledger-keys.json), else LEDGER_PINNED_KEYS; never the keys a bundle carries.
 */
async function trustedKeysFor(keysFile: string | undefined, config: () => LedgerTrustConfig): Promise<LedgerPublicKey[] | string> {
  if (keysFile) {
    try {
      return await loadPinnedKeys(keysFile);
    } catch (err) {
      return `clés illisibles dans ${keysFile} : ${(err as Error).message}`;
    }
  }
  const pinned = (await loadLedgerTrust(config())).pinned;
  return (
    pinned ??
    'aucune clé de confiance : passez --keys CLES.json (les clés publiées à /.well-known/ledger-keys.json, vérifiées par vous) ou configurez LEDGER_PINNED_KEYS ; les clés contenues dans un fichier de preuve ne sont jamais utilisées'
  );
}

/** `datapedia ledger verify-evidence FILE [--keys KEYS]`: checks a proof offline (no database); exit 2 when invalid or when no key is trusted. */
export async function verifyEvidenceCommand(file: string, opts: { keys?: string }, config: () => LedgerTrustConfig): Promise<number> {
  const keys = await trustedKeysFor(opts.keys, config);
  if (typeof keys === 'string') {
    process.stdout.write(`PREUVE NON VÉRIFIÉE : ${keys}\n`);
    return EXIT_BROKEN;
  }
  let bundle: ProofBundle;
  try {
    bundle = JSON.parse(await readFile(file, 'utf8')) as ProofBundle;
  } catch (err) {
    process.stdout.write(`PREUVE INVALIDE : ${file} illisible (${(err as Error).message})\n`);
    return EXIT_BROKEN;
  }
  const { witnesses, quorum } = opts.keys ? { witnesses: [], quorum: undefined } : await loadLedgerTrust(config());
  const result = await verifyProof(bundle, { trustedKeys: keys, witnesses, quorum });
  if (result.ok) {
    const e = result.event!;
    process.stdout.write(
      `preuve valide : événement ${e.id} (${e.type}, ${new Date(e.occurred_at).toISOString()}), chaîne ${e.chain_id} seq ${e.seq}, point de contrôle n° ${result.checkpointNumber}${result.witnessedBy.length ? `, contresigné par ${result.witnessedBy.join(', ')}` : ''}\n`,
    );
    return 0;
  }
  process.stdout.write(`PREUVE INVALIDE :\n${result.errors.map((x) => `  - ${x}`).join('\n')}\n`);
  return EXIT_BROKEN;
}

/** `datapedia ledger verify-archive DIR [--keys KEYS]`: checks an archive package offline; exit 2 when invalid. */
export async function verifyArchiveCommand(dir: string, opts: { keys?: string }, config: () => LedgerTrustConfig): Promise<number> {
  const keys = await trustedKeysFor(opts.keys, config);
  if (typeof keys === 'string') {
    process.stdout.write(`ARCHIVE NON VÉRIFIÉE : ${keys}\n`);
    return EXIT_BROKEN;
  }
  const { witnesses, quorum } = opts.keys ? { witnesses: [], quorum: undefined } : await loadLedgerTrust(config());
  const r = await verifyArchive(dir, { trustedKeys: keys, witnesses, quorum });
  if (r.ok) {
    process.stdout.write(
      `archive valide : chaîne ${r.chainId}, événements ${r.fromSeq} à ${r.toSeq} (${r.events}), point de contrôle n° ${r.checkpointNumber}${r.witnessedBy.length ? `, contresigné par ${r.witnessedBy.join(', ')}` : ''}\n`,
    );
    return 0;
  }
  process.stdout.write(`ARCHIVE INVALIDE :\n${r.errors.map((x) => `  - ${x}`).join('\n')}\n`);
  return EXIT_BROKEN;
}

/** `datapedia ledger checkpoint`: signs the current heads now. */
export async function checkpointCommand(withPool: WithPool): Promise<number> {
  const cp = await withPool(async ({ pool, keySecret }) =>
    createCheckpoint(pool, await loadLedgerSigner(pool, { keySecret }), systemClock),
  );
  process.stdout.write(
    cp ? `point de contrôle ${cp.number ?? cp.id} : ${cp.heads.length} chaîne(s)\n` : 'journal vide : aucun point de contrôle\n',
  );
  return 0;
}

/** `datapedia ledger keys`: the public keys of the checkpoints as a JWK set (creating the signing key on an empty database), to pin. */
export async function keysCommand(withPool: WithPool): Promise<number> {
  const keys = await withPool(async ({ pool, keySecret }) => {
    await loadLedgerSigner(pool, { keySecret });
    return listLedgerKeys(pool);
  });
  process.stdout.write(`${JSON.stringify({ keys }, null, 2)}\n`);
  return 0;
}

/** `datapedia ledger rotate-key`: a new signing key, introduced by a statement signed with the current one. */
export async function rotateKeyCommand(withPool: WithPool): Promise<number> {
  const next = await withPool(async ({ pool, keySecret }) => rotateLedgerKey(pool, { keySecret }));
  process.stdout.write(
    `nouvelle clé de signature : ${next.kid}\n${JSON.stringify(next)}\n` +
      'la déclaration de rotation est signée par la clé précédente : les configurations LEDGER_PINNED_KEYS existantes continuent de vérifier le journal\n',
  );
  return 0;
}

/**
 * `datapedia ledger retention`: one pass of the retention job now (archive, verify the package
 * with the pinned keys, purge). Refused without LEDGER_PINNED_KEYS: nothing is deleted on the
 * word of keys read from the database being purged.
 */
export async function retentionCommand(withPool: WithPool): Promise<number> {
  return withPool(async ({ pool, keySecret, config }) => {
    const trust = await loadLedgerTrust(config);
    if (!trust.pinned) {
      process.stderr.write('LEDGER_PINNED_KEYS requis : un paquet d’archive est vérifié avec les clés épinglées avant toute purge\n');
      return EXIT_BROKEN;
    }
    const platform = platformRetention(config);
    const ledger = await openLedger({
      pool,
      clock: systemClock,
      keySecret,
      witnesses: trust.witnesses,
      checkpointEvery: { events: config.LEDGER_CHECKPOINT_EVENTS, ms: config.LEDGER_CHECKPOINT_INTERVAL_MS },
    });
    try {
      const results = await runRetention({
        pool,
        writer: ledger.writer,
        clock: systemClock,
        archiveDir: config.LEDGER_ARCHIVE_DIR,
        platform,
        loadOverride: catalogRetention(pool),
        trustedKeys: trust.pinned,
        witnesses: trust.witnesses,
        quorum: trust.quorum,
      });
      if (results.length === 0)
        process.stdout.write(
          `rien à archiver : aucun segment au-delà de sa durée de conservation (${config.LEDGER_RETENTION_MIN_DAYS} à ${config.LEDGER_RETENTION_MAX_DAYS} jours)\n`,
        );
      for (const r of results)
        process.stdout.write(
          `chaîne ${r.chainId} : événements ${r.fromSeq} à ${r.toSeq} archivés dans ${r.package}, ${r.deleted} purgé(s)\n`,
        );
      return 0;
    } finally {
      await ledger.close();
    }
  });
}

/** Registers `datapedia ledger ...` on the CLI program. */
export function registerLedgerCommands(program: Command, withPool: WithPool, config: () => LedgerTrustConfig): void {
  const ledger = program.command('ledger').description('exchange ledger: verify, proofs, archives, keys, retention');
  const exit = (code: number) => {
    process.exitCode = code;
  };
  ledger
    .command('verify')
    .description('recompute every chain and checkpoint signature, against the pinned keys and the witnesses; exit 2 when altered')
    .option('--from <iso-date>', 'only events recorded from this instant')
    .option('--to <iso-date>', 'only events recorded until this instant')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => exit(await verifyCommand(withPool, opts)));
  ledger
    .command('evidence')
    .argument('<exchangeId>', 'exchange id (X-Request-ID)')
    .description('write the proof of one exchange')
    .option('-o, --output <file>', 'output file (default preuve-<id>.json)')
    .action(async (id: string, opts: { output?: string }) => exit(await evidenceCommand(withPool, id, opts)));
  ledger
    .command('verify-evidence')
    .argument('<file>', 'proof of an exchange (JSON)')
    .description('check a proof offline with the pinned keys; exit 2 when invalid or when no key is given')
    .option(
      '--keys <jwks-file>',
      'trusted keys ({ "keys": [...] }, as published at /.well-known/ledger-keys.json); default LEDGER_PINNED_KEYS',
    )
    .action(async (file: string, opts: { keys?: string }) => exit(await verifyEvidenceCommand(file, opts, config)));
  ledger
    .command('verify-archive')
    .argument('<dir>', 'archive package folder')
    .description('check an archive package offline with the pinned keys; exit 2 when invalid')
    .option('--keys <jwks-file>', 'trusted keys ({ "keys": [...] }); default LEDGER_PINNED_KEYS')
    .action(async (dir: string, opts: { keys?: string }) => exit(await verifyArchiveCommand(dir, opts, config)));
  ledger
    .command('checkpoint')
    .description('sign the heads of every chain now')
    .action(async () => exit(await checkpointCommand(withPool)));
  ledger
    .command('keys')
    .description('print the checkpoint public keys as a JWK set (to pin in LEDGER_PINNED_KEYS)')
    .action(async () => exit(await keysCommand(withPool)));
  ledger
    .command('rotate-key')
    .description('rotate the checkpoint signing key (statement signed by the previous key)')
    .action(async () => exit(await rotateKeyCommand(withPool)));
  ledger
    .command('retention')
    .description('archive and purge the segments past their retention now (requires LEDGER_PINNED_KEYS)')
    .action(async () => exit(await retentionCommand(withPool)));
}
