import { CompactSign, compactVerify, importJWK, type CryptoKey, type JWK } from 'jose';

/** What a witness signs: it verified checkpoint `number` (hex SHA-256 of its JWS) as consistent. */
export interface CosignaturePayload {
  typ: 'datapedia.ledger.cosignature';
  witness: string;
  number: number;
  sha256: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** A configured witness (LEDGER_WITNESSES): its name, base URL and public key. */
export interface WitnessConfig {
  name: string;
  url: string;
  key: JWK;
}

export async function signCosignature(key: CryptoKey, payload: CosignaturePayload): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: payload.witness, typ: 'datapedia-ledger-cosignature+jws' })
    .sign(key);
}

/** The payload of a co-signature that `witnessKey` signed, or null. */
export async function verifyCosignature(jws: string, witness: string, witnessKey: JWK | CryptoKey): Promise<CosignaturePayload | null> {
  try {
    const key = 'kty' in witnessKey ? await importJWK(witnessKey as JWK, 'ES256') : witnessKey;
    const { payload } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    const p = JSON.parse(new TextDecoder().decode(payload)) as CosignaturePayload;
    if (
      p.typ !== 'datapedia.ledger.cosignature' ||
      p.witness !== witness ||
      !Number.isSafeInteger(p.number) ||
      typeof p.sha256 !== 'string'
    )
      return null;
    return p;
  } catch {
    return null;
  }
}

/**
 * Parses LEDGER_WITNESSES: a JSON array of `{ "name", "url", "key" }` (key = the witness's public
 * P-256 JWK, as served at its `/key`).
 */
export function parseWitnesses(text: string): WitnessConfig[] {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) throw new TypeError('LEDGER_WITNESSES: JSON array expected');
  return v.map((w: Record<string, unknown>, i) => {
    if (typeof w.name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(w.name))
      throw new TypeError(`witness ${i}: name [A-Za-z0-9._-]{1,64} required`);
    if (typeof w.url !== 'string' || !/^https?:\/\//.test(w.url)) throw new TypeError(`witness ${w.name}: http(s) url required`);
    const k = w.key as Record<string, unknown> | undefined;
    if (!k || k.kty !== 'EC' || k.crv !== 'P-256' || 'd' in k) throw new TypeError(`witness ${w.name}: public P-256 JWK required`);
    return { name: w.name, url: w.url.replace(/\/+$/, ''), key: k as JWK };
  });
}
