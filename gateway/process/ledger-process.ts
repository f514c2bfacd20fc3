/**
 * What a gateway process adds to its ledger from the configuration (docs/architecture.md,
 * "Ledger"): checkpoints sent to the witnesses and appended to LEDGER_CHECKPOINT_LOG, and the
 * retention job. Built by the composition root; nothing here starts on its own.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../../schemas/index.js';
import { createRetentionJob, type LedgerWriter, type OpenLedgerOptions, type RetentionJob } from '../../ledger/index.js';
import { catalogRetention, platformRetention, type LedgerRetentionConfig, type LedgerTrustSettings } from './ledger-trust.js';

/** The openLedger options of a gateway: witnesses (co-signatures stored), the checkpoint log file, a warning when a witness refuses. */
export function ledgerWitnessOptions(
  trust: Pick<LedgerTrustSettings, 'witnesses'>,
  config: { LEDGER_CHECKPOINT_LOG?: string },
  logger: { warn(obj: object, msg: string): void },
): Pick<OpenLedgerOptions, 'witnesses' | 'checkpointLog' | 'onWitness'> {
  return {
    witnesses: trust.witnesses,
    ...(config.LEDGER_CHECKPOINT_LOG ? { checkpointLog: config.LEDGER_CHECKPOINT_LOG } : {}),
    onWitness: (results, cp) => {
      for (const r of results)
        if (!r.ok)
          logger.warn({ witness: r.witness, checkpoint: cp.number, error: r.error }, 'ledger witness did not co-sign the checkpoint');
    },
  };
}

/**
 * The retention job of a gateway (LEDGER_RETENTION_*): archive, verify with the pinned keys,
 * purge. Null without pinned keys: nothing is deleted on the word of keys read from the very
 * database being purged (the start log says so).
 */
export function ledgerRetentionJob(o: {
  pool: pg.Pool;
  writer: LedgerWriter;
  clock: Clock;
  config: LedgerRetentionConfig;
  trust: LedgerTrustSettings;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}): RetentionJob | null {
  if (!o.trust.pinned) {
    o.logger.warn(
      'ledger retention job off: LEDGER_PINNED_KEYS is not set (archive packages are verified with the pinned keys before any purge)',
    );
    return null;
  }
  return createRetentionJob({
    pool: o.pool,
    writer: o.writer,
    clock: o.clock,
    archiveDir: o.config.LEDGER_ARCHIVE_DIR,
    platform: platformRetention(o.config),
    loadOverride: catalogRetention(o.pool),
    trustedKeys: o.trust.pinned,
    witnesses: o.trust.witnesses,
    quorum: o.trust.quorum,
    intervalMs: o.config.LEDGER_RETENTION_INTERVAL_MS,
    onResult: (results) => {
      for (const r of results)
        o.logger.info(
          { chainId: r.chainId, fromSeq: r.fromSeq, toSeq: r.toSeq, package: r.package, deleted: r.deleted },
          'ledger segment archived and purged',
        );
    },
    onError: (err) => o.logger.error({ err }, 'ledger retention failed'),
  });
}
