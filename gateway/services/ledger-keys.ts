/**
 * The checkpoint keys Datapedia publishes (`/.well-known/ledger-keys.json`, the auditors'
 * `/v1/audit/ledger/keys`, the citizen's verifier page). With LEDGER_PINNED_KEYS: the pinned keys
 * and each key a signed rotation statement introduced from them (as `resolveTrust` accepts them,
 * the JWK taken from the signed statement, never from the table); a key merely inserted in
 * `ledger_keys` is never published. Without pinned keys: the table's own keys (development).
 */
import type pg from 'pg';
import { exportJWK } from 'jose';
import { listLedgerKeys, resolveTrust, type LedgerPublicKey } from '../../ledger/index.js';

export async function publishedLedgerKeys(pool: Pick<pg.Pool, 'query'>, pinned: LedgerPublicKey[] | undefined): Promise<LedgerPublicKey[]> {
  if (!pinned) return listLedgerKeys(pool);
  const trust = await resolveTrust(pool, pinned);
  const out = [...pinned];
  for (const [kid, key] of trust.keys) {
    if (pinned.some((k) => k.kid === kid)) continue;
    const jwk = await exportJWK(key);
    out.push({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' });
  }
  return out;
}
