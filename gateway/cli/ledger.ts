import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type pg from 'pg';
import { systemClock } from '../../schemas/index.js';
import { verifyLedger, buildEvidence, verifyEvidence, createCheckpoint, loadLedgerSigner, type VerifyReport, type EvidenceBundle, type LedgerPublicKey } from '../../ledger/index.js';

/** How a command gets a migrated database (gateway/cli.ts `withDatabase`). */
export type WithPool = <T>(fn: (db: { pool: pg.Pool; keySecret?: string }) => Promise<T>) => Promise<T>;

/** Exit status of a verification that found a break (0 = intact, 1 = could not run). */
export const EXIT_BROKEN = 2;

function printReport(r: VerifyReport): void {
  const out = process.stdout;
  out.write(`${r.events} événements, ${r.chains.length} chaîne(s), ${r.checkpoints} point(s) de contrôle vérifiés en ${(r.elapsedMs / 1000).toFixed(2)} s (${Math.round(r.eventsPerSecond)} événements/s)\n`);
  if (r.ok) { out.write('journal intègre\n'); return; }
  out.write(`JOURNAL ALTÉRÉ : ${r.breakCount} anomalie(s)\n`);
  const b = r.firstBreak!;
  out.write(`première anomalie : chaîne ${b.chainId ?? '-'} seq ${b.seq ?? '-'} (${b.kind}) — ${b.message}\n`);
  for (const x of r.breaks.slice(1, 20)) out.write(`  ${x.chainId ?? '-'} #${x.seq ?? '-'} ${x.kind} — ${x.message}\n`);
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`${name}: date ISO 8601 attendue (reçu ${value})`);
  return d;
}

/** `datapedia ledger verify`: recomputes every chain and checkpoint signature, with a progress bar. */
export async function verifyCommand(withPool: WithPool, opts: { from?: string; to?: string; json?: boolean }): Promise<number> {
  const from = parseDate(opts.from, '--from');
  const to = parseDate(opts.to, '--to');
  const bar = new cliProgress.SingleBar({ format: 'vérification [{bar}] {percentage}% | {value}/{total} événements | {eta}s', stream: process.stderr, noTTYOutput: false }, cliProgress.Presets.shades_classic);
  const report = await withPool(async ({ pool }) => {
    let started = false;
    try {
      return await verifyLedger(pool, {
        from, to,
        onProgress: (done, total) => {
          if (!started) { bar.start(total, 0); started = true; }
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

/** `datapedia ledger evidence EXCHANGE_ID`: writes the evidence bundle of one event. */
export async function evidenceCommand(withPool: WithPool, exchangeId: string, opts: { output?: string }): Promise<number> {
  const bundle = await withPool(({ pool }) => buildEvidence(pool, exchangeId));
  const file = opts.output ?? `preuve-${bundle.eventId}.json`;
  await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`);
  process.stdout.write(`preuve écrite dans ${file} (${bundle.segment.length} événement(s), point de contrôle ${bundle.checkpoint.id})\n`);
  return 0;
}

/** `datapedia ledger verify-evidence FILE`: checks a bundle offline (no database). */
export async function verifyEvidenceCommand(file: string, opts: { keys?: string }): Promise<number> {
  const bundle = JSON.parse(await readFile(file, 'utf8')) as EvidenceBundle;
  const trustedKeys = opts.keys ? (JSON.parse(await readFile(opts.keys, 'utf8')) as { keys: LedgerPublicKey[] }).keys : undefined;
  const result = await verifyEvidence(bundle, { trustedKeys });
  if (result.ok) {
    const e = result.event!;
    process.stdout.write(`preuve valide : événement ${e.id} (${e.type}, ${new Date(e.occurred_at).toISOString()}), chaîne ${e.chain_id} seq ${e.seq}\n`);
    if (!trustedKeys) process.stdout.write('attention : clés lues dans la preuve elle-même ; passez --keys avec les clés publiées par Datapedia\n');
    return 0;
  }
  process.stdout.write(`PREUVE INVALIDE :\n${result.errors.map((x) => `  - ${x}`).join('\n')}\n`);
  return EXIT_BROKEN;
}

/** `datapedia ledger checkpoint`: signs the current heads now. */
export async function checkpointCommand(withPool: WithPool): Promise<number> {
  const cp = await withPool(async ({ pool, keySecret }) => createCheckpoint(pool, await loadLedgerSigner(pool, { keySecret }), systemClock));
  process.stdout.write(cp ? `point de contrôle ${cp.id} : ${cp.heads.length} chaîne(s)\n` : 'journal vide : aucun point de contrôle\n');
  return 0;
}

/** Registers `datapedia ledger ...` on the CLI program. */
export function registerLedgerCommands(program: Command, withPool: WithPool): void {
  const ledger = program.command('ledger').description('exchange ledger: verify, evidence bundles');
  const exit = (code: number) => { process.exitCode = code; };
  ledger.command('verify').description('recompute every chain and checkpoint signature; exit 2 when altered')
    .option('--from <iso-date>', 'only events recorded from this instant')
    .option('--to <iso-date>', 'only events recorded until this instant')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => exit(await verifyCommand(withPool, opts)));
  ledger.command('evidence').argument('<exchangeId>', 'exchange id (X-Request-ID)').description('write the evidence bundle of one exchange')
    .option('-o, --output <file>', 'output file (default preuve-<id>.json)')
    .action(async (id: string, opts: { output?: string }) => exit(await evidenceCommand(withPool, id, opts)));
  ledger.command('verify-evidence').argument('<file>', 'evidence bundle (JSON)').description('check an evidence bundle offline; exit 2 when invalid')
    .option('--keys <jwks-file>', 'trusted keys published by Datapedia ({ "keys": [...] })')
    .action(async (file: string, opts: { keys?: string }) => exit(await verifyEvidenceCommand(file, opts)));
  ledger.command('checkpoint').description('sign the heads of every chain now')
    .action(async () => exit(await checkpointCommand(withPool)));
}
