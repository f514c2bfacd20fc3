import { readFile } from 'node:fs/promises';
import type { LedgerPublicKey } from './keys.js';
import { parsePinnedKeys } from './trust.js';

/**
 * LEDGER_PINNED_KEYS as configured: an inline JWK set (JSON text) or the path of a file holding
 * one. The result is what `/.well-known/ledger-keys.json` serves (`{ keys }`) and what every
 * verification trusts.
 */
export async function loadPinnedKeys(value: string): Promise<LedgerPublicKey[]> {
  const text = /^\s*[[{]/.test(value) ? value : await readFile(value, 'utf8');
  return parsePinnedKeys(text);
}
