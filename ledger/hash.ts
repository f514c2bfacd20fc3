import { hash as digest } from 'node:crypto';
import type { LedgerRecord } from './event.js';
import { encodeRecord } from './encode.js';

/** `prev_hash` of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * `hash` = hex SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) encoding of the whole
 * record, including `chain_id`, `seq` and `prev_hash`: changing, moving or re-linking a row
 * changes its hash.
 */
export function hashRecord(record: LedgerRecord): string {
  return digest('sha256', encodeRecord(record), 'hex');
}
