import type pg from 'pg';
import type { CryptoKey } from 'jose';
import { importLedgerKeys, verifyCheckpointJws } from './checkpoint-jws.js';
import { GENESIS_CHECKPOINT, sha256Hex, type ChainHead } from './checkpoint.js';
import type { BreakList } from './breaks.js';
import {
  countUnnumberedCheckpoints,
  listCheckpointsAfterNumber,
  listCheckpointHeadsByCheckpointIds,
  type CheckpointRow,
  type HeadRow,
} from './store/checkpoints.js';

/** What a valid checkpoint signed for one chain at one seq. */
export interface Anchor {
  hash: string;
  root: string;
  checkpointId: number;
  checkpointNumber: number;
}
/** Signed heads per chain: chain id -> seq -> anchor. */
export type Anchors = Map<string, Map<number, Anchor>>;

export { importLedgerKeys, verifyCheckpointJws };

function sameHeads(signed: ChainHead[], stored: HeadRow[]): boolean {
  if (signed.length !== stored.length) return false;
  const byChain = new Map(stored.map((h) => [h.chain_id, h]));
  return signed.every((h) => {
    const s = byChain.get(h.chain_id);
    return s !== undefined && s.seq === h.seq && s.hash === h.hash && s.root === h.root && s.closed === (h.closed === true);
  });
}

/** A head may only move forward; a closed chain never moves again; no chain disappears. */
function checkMoves(before: Map<string, ChainHead>, after: ChainHead[]): string | null {
  const next = new Map(after.map((h) => [h.chain_id, h]));
  for (const [chainId, b] of before) {
    const a = next.get(chainId);
    if (!a) return `la chaîne ${chainId} a disparu`;
    if (a.seq < b.seq) return `la tête de ${chainId} recule (${b.seq} → ${a.seq})`;
    if (a.seq === b.seq && (a.hash !== b.hash || a.root !== b.root)) return `la tête de ${chainId} change sans avancer`;
    if (b.closed && (a.seq !== b.seq || !a.closed)) return `la chaîne ${chainId}, fermée, reprend`;
  }
  return null;
}

export interface CheckpointWalk {
  anchors: Anchors;
  count: number;
  /** The latest valid checkpoint's heads by chain (last signed head and whether closed). */
  lastHeads: Map<string, ChainHead>;
  latest: { number: number; sha256: string } | null;
  /** Hex SHA-256 of every checkpoint JWS by number (witness comparison). */
  shaByNumber: Map<number, string>;
  /** Checkpoints outside the numbered chain, ignored. */
  unnumbered: number;
}

/**
 * Walks the checkpoints by number: no gap, each chained to the previous by SHA-256, signed by a
 * trusted key, stored heads equal to the signed ones, heads only moving forward. Collects the
 * signed heads as anchors for the chain walk.
 */
export async function verifyCheckpoints(pool: pg.Pool, breaks: BreakList, keys: Map<string, CryptoKey>): Promise<CheckpointWalk> {
  const anchors: Anchors = new Map();
  const shaByNumber = new Map<number, string>();
  let lastHeads = new Map<string, ChainHead>();
  let expected = 1;
  let prevSha: string | null = GENESIS_CHECKPOINT;
  let latest: CheckpointWalk['latest'] = null;
  let count = 0;
  // Checkpoints without a number (taken before checkpoints were chained) anchor nothing: they are
  // only counted, so that an upgraded ledger is not reported as tampered with.
  const unnumbered = await countUnnumberedCheckpoints(pool);
  for (let after = 0; ;) {
    const page = await listCheckpointsAfterNumber(pool, after, 1000);
    if (page.length === 0) break;
    const heads = await listCheckpointHeadsByCheckpointIds(
      pool,
      page.map((c) => c.id),
    );
    for (const cp of page) {
      const n = cp.number!;
      count += 1;
      const at = (
        kind: 'checkpoint_invalid' | 'checkpoint_gap' | 'checkpoint_fork',
        message: string,
        h?: { chain_id: string; seq: number },
      ) => breaks.add({ kind, chainId: h?.chain_id ?? null, seq: h?.seq ?? null, checkpointId: cp.id, checkpointNumber: n, message });
      if (n !== expected) {
        at('checkpoint_gap', `points de contrôle ${expected} à ${n - 1} absents`);
        prevSha = null;
      }
      const sha = sha256Hex(cp.jws);
      shaByNumber.set(n, sha);
      if (prevSha !== null && cp.prev_sha256 !== prevSha)
        at('checkpoint_fork', `le point de contrôle ${n} ne suit pas le point de contrôle ${n - 1}`);
      expected = n + 1;
      prevSha = sha;
      const stored = heads.filter((h) => h.checkpoint_id === cp.id);
      const result = await verifyCheckpointJws(cp.jws, keys);
      if (typeof result === 'string') {
        at('checkpoint_invalid', `point de contrôle ${n} : ${result}`, stored[0]);
        continue;
      }
      if (result.number !== n || result.prev !== cp.prev_sha256 || cp.sha256 !== sha) {
        at('checkpoint_invalid', `point de contrôle ${n} : numéro ou chaînage enregistrés différents des valeurs signées`, stored[0]);
        continue;
      }
      if (!sameHeads(result.heads, stored)) {
        at('checkpoint_invalid', `point de contrôle ${n} : têtes enregistrées différentes des têtes signées`, stored[0]);
        continue;
      }
      const moved = checkMoves(lastHeads, result.heads);
      if (moved) at('checkpoint_invalid', `point de contrôle ${n} : ${moved}`);
      lastHeads = new Map(result.heads.map((h) => [h.chain_id, h]));
      latest = { number: n, sha256: sha };
      for (const h of result.heads) {
        let m = anchors.get(h.chain_id);
        if (!m) anchors.set(h.chain_id, (m = new Map()));
        const prior = m.get(h.seq);
        if (prior && (prior.hash !== h.hash || prior.root !== h.root))
          breaks.add({
            kind: 'checkpoint_invalid',
            chainId: h.chain_id,
            seq: h.seq,
            checkpointId: cp.id,
            checkpointNumber: n,
            message: `points de contrôle ${prior.checkpointNumber} et ${n} contradictoires`,
          });
        else if (!prior) m.set(h.seq, { hash: h.hash, root: h.root, checkpointId: cp.id, checkpointNumber: n });
      }
    }
    after = page[page.length - 1]!.number!;
  }
  return { anchors, count, lastHeads, latest, shaByNumber, unnumbered };
}

export type { CheckpointRow };
