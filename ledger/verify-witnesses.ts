import type pg from 'pg';
import type { CryptoKey } from 'jose';
import type { BreakList } from './breaks.js';
import { sha256Hex } from './checkpoint.js';
import { verifyCheckpointJws } from './verify-checkpoints.js';
import { verifyCosignature, type WitnessConfig } from './witness/cosignature.js';
import { findCosignature } from './store/cosignatures.js';

export type { WitnessConfig };

export interface WitnessStatus {
  name: string;
  reachable: boolean;
  /** The witness's latest co-signed checkpoint number. */
  latest: number | null;
  agrees: boolean;
  message: string;
}

/** GET `{url}/latest` with a timeout: the witness's latest checkpoint and its co-signature. */
export async function fetchWitnessLatest(
  w: WitnessConfig,
  f: typeof fetch = fetch,
): Promise<{ checkpoint: string | null; cosignature: string | null }> {
  const res = await f(`${w.url}/latest`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as { checkpoint: string | null; cosignature: string | null };
}

/**
 * Compares the ledger with each witness's latest co-signed checkpoint: it must be here with the
 * same SHA-256 (else the tail was truncated, a backup restored or history re-signed) and its
 * co-signature stored. Fewer agreeing witnesses than `quorum` (default: all) is a break.
 */
export async function checkWitnesses(
  pool: pg.Pool,
  o: {
    witnesses: WitnessConfig[];
    quorum?: number;
    fetch?: typeof fetch;
    trusted: Map<string, CryptoKey>;
    shaByNumber: Map<number, string>;
    latest: { number: number } | null;
  },
  breaks: BreakList,
): Promise<WitnessStatus[]> {
  const out: WitnessStatus[] = [];
  for (const w of o.witnesses) {
    const status: WitnessStatus = { name: w.name, reachable: false, latest: null, agrees: false, message: '' };
    out.push(status);
    let latest: { checkpoint: string | null; cosignature: string | null };
    try {
      latest = await fetchWitnessLatest(w, o.fetch);
      status.reachable = true;
    } catch (err) {
      status.message = `injoignable (${(err as Error).message})`;
      continue;
    }
    if (!latest.checkpoint || !latest.cosignature) {
      status.agrees = o.latest === null;
      status.message = status.agrees ? 'aucun point de contrôle' : 'n’a encore rien contresigné';
      continue;
    }
    const cosig = await verifyCosignature(latest.cosignature, w.name, w.key);
    if (!cosig || cosig.sha256 !== sha256Hex(latest.checkpoint)) {
      status.message = 'contre-signature invalide';
      continue;
    }
    status.latest = cosig.number;
    const signed = await verifyCheckpointJws(latest.checkpoint, o.trusted);
    const here = o.shaByNumber.get(cosig.number);
    const where = { chainId: null, seq: null, checkpointNumber: cosig.number, witness: w.name };
    if (here === undefined) {
      breaks.add({
        kind: 'witness_mismatch',
        ...where,
        message: `le témoin ${w.name} a contresigné le point de contrôle ${cosig.number}, absent de la base (dernier : ${o.latest?.number ?? 'aucun'}) : fin du journal tronquée ou sauvegarde ancienne restaurée`,
      });
      status.message = 'point de contrôle absent de la base';
      continue;
    }
    if (here !== cosig.sha256 || typeof signed === 'string') {
      breaks.add({
        kind: 'witness_mismatch',
        ...where,
        message: `le point de contrôle ${cosig.number} de la base diffère de celui que le témoin ${w.name} a contresigné : historique réécrit`,
      });
      status.message = 'point de contrôle différent';
      continue;
    }
    if (!(await findCosignature(pool, cosig.number, w.name))) {
      breaks.add({
        kind: 'cosignature_missing',
        ...where,
        message: `la contre-signature du témoin ${w.name} pour le point de contrôle ${cosig.number} manque dans la base`,
      });
      status.message = 'contre-signature absente de la base';
      continue;
    }
    status.agrees = true;
    status.message = `d’accord au point de contrôle ${cosig.number}`;
  }
  const quorum = o.quorum ?? o.witnesses.length;
  const agreeing = out.filter((s) => s.agrees).length;
  if (agreeing < quorum) {
    const dissent = out
      .filter((s) => !s.agrees)
      .map((s) => `${s.name} (${s.message})`)
      .join(', ');
    breaks.add({
      kind: 'witness_quorum',
      chainId: null,
      seq: null,
      witness: out.find((s) => !s.agrees)?.name,
      message: `${agreeing} témoin(s) sur ${quorum} requis confirment le journal ; en désaccord : ${dissent}`,
    });
  }
  return out;
}
