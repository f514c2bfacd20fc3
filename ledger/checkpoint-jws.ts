import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey } from 'jose';
import type { CheckpointPayload } from './checkpoint.js';
import type { LedgerPublicKey } from './keys.js';

/** Imports verification keys by kid (WebCrypto: also runs in a browser). */
export async function importLedgerKeys(keys: LedgerPublicKey[]): Promise<Map<string, CryptoKey>> {
  const out = new Map<string, CryptoKey>();
  for (const k of keys) out.set(k.kid, (await importJWK(k, 'ES256')) as CryptoKey);
  return out;
}

/**
 * Verifies one compact JWS checkpoint against the trusted keys (RFC 7515 §5.2) and returns its
 * payload, or a reason (French) why it is not a valid checkpoint.
 */
export async function verifyCheckpointJws(jws: string, keys: Map<string, CryptoKey>): Promise<CheckpointPayload | string> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return 'en-tête JWS illisible';
  }
  const key = kid === undefined ? undefined : keys.get(kid);
  if (!key) return `clé inconnue ${String(kid)}`;
  try {
    const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    if (protectedHeader.kid !== kid) return 'kid incohérent';
    const p = JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
    if (p.typ !== 'datapedia.ledger.checkpoint' || !Array.isArray(p.heads) || !Number.isSafeInteger(p.number) || typeof p.prev !== 'string')
      return 'charge utile inattendue';
    return p;
  } catch {
    return 'signature invalide';
  }
}
