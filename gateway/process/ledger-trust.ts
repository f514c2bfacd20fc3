/**
 * The ledger's trust anchors as configured (docs/architecture.md, "Ledger"): the pinned
 * checkpoint keys (LEDGER_PINNED_KEYS), the witnesses (LEDGER_WITNESSES) and their quorum, read
 * once at start by the gateway and by the CLI. A bad value stops the process with a message
 * naming the variable; it is never silently ignored (that would verify against the database's
 * own keys, which whoever writes the database chooses).
 */
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { listApiRetentions } from '../../catalog/index.js';
import {
  loadPinnedKeys,
  parseWitnesses,
  retentionFromDays,
  type LedgerPublicKey,
  type RetentionOverride,
  type RetentionPeriod,
  type WitnessConfig,
} from '../../ledger/index.js';

/** The ledger variables of schemas/config.json this module reads. */
export interface LedgerTrustConfig {
  LEDGER_PINNED_KEYS?: string;
  LEDGER_WITNESSES?: string;
  LEDGER_WITNESS_QUORUM?: number;
}

export interface LedgerTrustSettings {
  /** Undefined when LEDGER_PINNED_KEYS is unset (verification then warns). */
  pinned: LedgerPublicKey[] | undefined;
  witnesses: WitnessConfig[];
  /** Undefined: every configured witness. */
  quorum: number | undefined;
}

/** Thrown when a ledger variable cannot be read; its message names the variable. */
export class LedgerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerConfigError';
  }
}

export async function loadLedgerTrust(c: LedgerTrustConfig): Promise<LedgerTrustSettings> {
  let pinned: LedgerPublicKey[] | undefined;
  let witnesses: WitnessConfig[] = [];
  if (c.LEDGER_PINNED_KEYS) {
    try {
      pinned = await loadPinnedKeys(c.LEDGER_PINNED_KEYS);
    } catch (err) {
      throw new LedgerConfigError(`LEDGER_PINNED_KEYS: ${(err as Error).message}`);
    }
  }
  if (c.LEDGER_WITNESSES) {
    try {
      // Inline JSON, or the path of a file holding it (as LEDGER_PINNED_KEYS).
      const text = /^\s*\[/.test(c.LEDGER_WITNESSES) ? c.LEDGER_WITNESSES : await readFile(c.LEDGER_WITNESSES, 'utf8');
      witnesses = parseWitnesses(text);
    } catch (err) {
      throw new LedgerConfigError(`LEDGER_WITNESSES: ${(err as Error).message}`);
    }
  }
  const quorum = c.LEDGER_WITNESS_QUORUM;
  if (quorum !== undefined && quorum > witnesses.length)
    throw new LedgerConfigError(
      `LEDGER_WITNESS_QUORUM: ${quorum} witnesses required but ${witnesses.length} configured in LEDGER_WITNESSES`,
    );
  return { pinned, witnesses, quorum };
}

/** The retention variables of schemas/config.json. */
export interface LedgerRetentionConfig {
  LEDGER_ARCHIVE_DIR: string;
  LEDGER_RETENTION_MIN_DAYS: number;
  LEDGER_RETENTION_MAX_DAYS: number;
  LEDGER_RETENTION_INTERVAL_MS: number;
}

/** The platform's retention period (LEDGER_RETENTION_MIN_DAYS ≤ LEDGER_RETENTION_MAX_DAYS). */
/**
 * The retention each API declares in the catalogue, read at each pass of the retention job (a
 * producer's change applies at the next pass); APIs without one use the platform default.
 */
export function catalogRetention(pool: Pick<pg.Pool, 'query'>): () => Promise<RetentionOverride> {
  return async () => {
    const periods = new Map([...(await listApiRetentions(pool))].map(([slug, r]) => [slug, retentionFromDays(r.minDays, r.maxDays)]));
    return (slug) => periods.get(slug);
  };
}

export function platformRetention(c: LedgerRetentionConfig): RetentionPeriod {
  if (c.LEDGER_RETENTION_MIN_DAYS > c.LEDGER_RETENTION_MAX_DAYS) {
    throw new LedgerConfigError(
      `LEDGER_RETENTION_MIN_DAYS (${c.LEDGER_RETENTION_MIN_DAYS}) must not exceed LEDGER_RETENTION_MAX_DAYS (${c.LEDGER_RETENTION_MAX_DAYS})`,
    );
  }
  return retentionFromDays(c.LEDGER_RETENTION_MIN_DAYS, c.LEDGER_RETENTION_MAX_DAYS);
}
