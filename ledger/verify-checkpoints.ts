import type pg from 'pg';
import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey } from 'jose';
import type { CheckpointPayload } from './checkpoint.js';
import { BreakList } from './breaks.js';
import { listCheckpointsAfterId, listCheckpointHeadsByCheckpointIds, type CheckpointRow, type HeadRow } from './store/checkpoints.js';
import { listLedgerKeys, type LedgerPublicKey } from './keys.js';

/** Signed head hashes per chain: chain id -> seq -> { hash, checkpoint id }. */
export type Anchors = Map<string, Map<number, { hash: string; checkpointId: number }>>;

/** Imports verification keys by kid. */
export async function importLedgerKeys(keys: LedgerPublicKey[]): Promise<Map<string, CryptoKey>> {
  const out = new Map<string, CryptoKey>();
  for (const k of keys) out.set(k.kid, (await importJWK(k, 'ES256')) as CryptoKey);
  return out;
}

/**
 * Verifies one compact JWS checkpoint against the known keys (RFC 7515 §5.2) and returns its
 * payload, or a reason why it is not a valid checkpoint.
 */
export async function verifyCheckpointJws(jws: string, keys: Map<string, CryptoKey>): Promise<CheckpointPayload | string> {
  let kid: string | undefined;
  try { kid = decodeProtectedHeader(jws).kid; } catch { return 'en-tête JWS illisible'; }
  const key = kid === undefined ? undefined : keys.get(kid);
  if (!key) return `clé inconnue ${String(kid)}`;
  try {
    const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    if (protectedHeader.kid !== kid) return 'kid incohérent';
    const p = JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
    if (p.typ !== 'datapedia.ledger.checkpoint' || !Array.isArray(p.heads)) return 'charge utile inattendue';
    return p;
  } catch {
    return 'signature invalide';
  }
}

function sameHeads(signed: CheckpointPayload['heads'], stored: HeadRow[]): boolean {
  if (signed.length !== stored.length) return false;
  const byChain = new Map(stored.map((h) => [h.chain_id, h]));
  return signed.every((h) => { const s = byChain.get(h.chain_id); return s !== undefined && s.seq === h.seq && s.hash === h.hash; });
}

async function checkPage(page: CheckpointRow[], heads: HeadRow[], keys: Map<string, CryptoKey>, anchors: Anchors, breaks: BreakList): Promise<void> {
  for (const cp of page) {
    const stored = heads.filter((h) => h.checkpoint_id === cp.id);
    const result = await verifyCheckpointJws(cp.jws, keys);
    const where = { chainId: stored[0]?.chain_id ?? null, seq: stored[0]?.seq ?? null, checkpointId: cp.id };
    if (typeof result === 'string') { breaks.add({ kind: 'checkpoint_invalid', ...where, message: `point de contrôle ${cp.id} : ${result}` }); continue; }
    if (!sameHeads(result.heads, stored)) { breaks.add({ kind: 'checkpoint_invalid', ...where, message: `point de contrôle ${cp.id} : têtes enregistrées différentes des têtes signées` }); continue; }
    for (const h of result.heads) {
      let m = anchors.get(h.chain_id);
      if (!m) anchors.set(h.chain_id, (m = new Map()));
      const prior = m.get(h.seq);
      if (prior && prior.hash !== h.hash) breaks.add({ kind: 'checkpoint_invalid', chainId: h.chain_id, seq: h.seq, checkpointId: cp.id, message: `points de contrôle ${prior.checkpointId} et ${cp.id} contradictoires` });
      else if (!prior) m.set(h.seq, { hash: h.hash, checkpointId: cp.id });
    }
  }
}

/** Verifies every checkpoint (keyset pages) and collects the signed heads as anchors. */
export async function verifyCheckpoints(pool: pg.Pool, breaks: BreakList): Promise<{ anchors: Anchors; count: number }> {
  const keys = await importLedgerKeys(await listLedgerKeys(pool));
  const anchors: Anchors = new Map();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await listCheckpointsAfterId(pool, after, 1000);
    if (page.length === 0) break;
    const heads = await listCheckpointHeadsByCheckpointIds(pool, page.map((c) => c.id));
    await checkPage(page, heads, keys, anchors, breaks);
    count += page.length;
    after = page[page.length - 1]!.id;
  }
  return { anchors, count };
}
