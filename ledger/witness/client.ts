import type pg from 'pg';
import type { Checkpoint } from '../checkpoint.js';
import { bytesToB64u } from '../merkle-verify.js';
import { consistencyProof } from '../tree.js';
import { findCheckpointByNumber, listCheckpointHeadsByCheckpointIds } from '../store/checkpoints.js';
import { insertCosignature, findLastCosignedNumber } from '../store/cosignatures.js';
import { verifyCosignature, type WitnessConfig } from './cosignature.js';

export interface WitnessSubmitResult {
  witness: string;
  ok: boolean;
  number?: number;
  error?: string;
}

/** Consistency proofs of every chain from checkpoint `old` to the new checkpoint's heads. */
async function proofsFrom(pool: pg.Pool, old: number, cp: Checkpoint): Promise<Record<string, string[]>> {
  if (old === 0) return {};
  const row = await findCheckpointByNumber(pool, old);
  if (!row) throw new Error(`checkpoint ${old} unknown here`);
  const next = new Map(cp.heads.map((h) => [h.chain_id, h]));
  const out: Record<string, string[]> = {};
  for (const h of await listCheckpointHeadsByCheckpointIds(pool, [row.id])) {
    const n = next.get(h.chain_id);
    if (n && n.seq > h.seq) out[h.chain_id] = (await consistencyProof(pool, h.chain_id, h.seq, n.seq)).map((b) => bytesToB64u(b));
  }
  return out;
}

/**
 * Sends each new checkpoint to every witness with the consistency proofs from the last checkpoint
 * that witness co-signed, checks and stores the co-signatures. A 409 says which checkpoint the
 * witness holds: the proofs are rebuilt from it once.
 */
export function createWitnessClient(opts: { pool: pg.Pool; witnesses: WitnessConfig[]; fetch?: typeof fetch; timeoutMs?: number }) {
  const f = opts.fetch ?? fetch;
  const known = new Map<string, number>();
  async function submitOne(w: WitnessConfig, cp: Checkpoint): Promise<WitnessSubmitResult> {
    let old = known.get(w.name) ?? (await findLastCosignedNumber(opts.pool, w.name));
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await f(`${w.url}/add-checkpoint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ old, checkpoint: cp.jws, proofs: await proofsFrom(opts.pool, old, cp) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const body = (await res.json()) as { cosignature?: string; number?: number; error?: string };
      if (res.status === 409 && typeof body.number === 'number') {
        old = body.number;
        continue;
      }
      if (!res.ok || !body.cosignature) return { witness: w.name, ok: false, error: body.error ?? `HTTP ${res.status}` };
      const p = await verifyCosignature(body.cosignature, w.name, w.key);
      if (!p || p.number !== cp.number || p.sha256 !== cp.sha256) return { witness: w.name, ok: false, error: 'contre-signature invalide' };
      await insertCosignature(opts.pool, cp.number, w.name, body.cosignature);
      known.set(w.name, cp.number);
      return { witness: w.name, ok: true, number: cp.number };
    }
    return { witness: w.name, ok: false, error: 'témoin en avance sur la base' };
  }
  return {
    async submit(cp: Checkpoint): Promise<WitnessSubmitResult[]> {
      // One retry after a network error or a timeout (a loaded witness), then the failure is reported.
      return Promise.all(
        opts.witnesses.map((w) =>
          submitOne(w, cp)
            .catch(() => submitOne(w, cp))
            .catch((err: unknown) => ({ witness: w.name, ok: false, error: (err as Error).message })),
        ),
      );
    },
  };
}
export type WitnessClient = ReturnType<typeof createWitnessClient>;
