import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import type { CommittedEvent } from '../event.js';
import type { LedgerPublicKey } from '../keys.js';
import { hashRecord } from '../hash.js';
import { MerkleFrontier } from '../merkle.js';
import { b64uToBytes, hexToBytes, verifyConsistency } from '../merkle-verify.js';
import { importLedgerKeys, verifyCheckpointJws } from '../checkpoint-jws.js';
import { sha256Hex } from '../checkpoint.js';
import { verifyCosignature } from '../witness/cosignature.js';
import type { ArchiveProof } from './package.js';

export interface ArchiveReport {
  ok: boolean;
  /** Why it fails, in French. */
  errors: string[];
  chainId: string | null;
  fromSeq: number | null;
  toSeq: number | null;
  events: number;
  checkpointNumber: number | null;
  witnessedBy: string[];
}

/**
 * Checks an archive package offline: the manifest's digests and sizes, every event's hash and
 * link from the segment's start, the Merkle root up to the last event, its consistency with the
 * checkpoint signed by a pinned key, and (with `witnesses`) a quorum of co-signatures.
 */
export async function verifyArchive(
  dir: string,
  opts: { trustedKeys: LedgerPublicKey[]; witnesses?: { name: string; key: JWK }[]; quorum?: number },
): Promise<ArchiveReport> {
  const errors: string[] = [];
  const report: ArchiveReport = {
    ok: false,
    errors,
    chainId: null,
    fromSeq: null,
    toSeq: null,
    events: 0,
    checkpointNumber: null,
    witnessedBy: [],
  };
  let manifest: string;
  try {
    manifest = await readFile(join(dir, 'manifest.xml'), 'utf8');
  } catch {
    errors.push('manifest.xml illisible');
    return report;
  }
  const listed = [
    ...manifest.matchAll(/<Uri>([^<]+)<\/Uri>\s*<MessageDigest algorithm="SHA-256">([0-9a-f]{64})<\/MessageDigest>\s*<Size>(\d+)<\/Size>/g),
  ].map((m) => ({ name: m[1]!, sha256: m[2]!, size: Number(m[3]) }));
  for (const name of ['events.ndjson', 'proof.json']) if (!listed.some((f) => f.name === name)) errors.push(`${name} absent du manifeste`);
  for (const f of listed) {
    if (!/^[a-z.]+$/.test(f.name)) {
      errors.push(`nom de fichier refusé : ${f.name}`);
      continue;
    }
    const h = createHash('sha256');
    let size = 0;
    try {
      for await (const c of createReadStream(join(dir, f.name))) {
        h.update(c as Buffer);
        size += (c as Buffer).length;
      }
    } catch {
      errors.push(`${f.name} illisible`);
      continue;
    }
    if (h.digest('hex') !== f.sha256 || size !== f.size) errors.push(`${f.name} : empreinte ou taille différente du manifeste`);
  }
  if (errors.length) return report;
  const proof = JSON.parse(await readFile(join(dir, 'proof.json'), 'utf8')) as ArchiveProof;
  Object.assign(report, { chainId: proof.chain_id, fromSeq: proof.from_seq, toSeq: proof.to_seq });
  let frontier: MerkleFrontier;
  try {
    frontier = MerkleFrontier.decode(proof.start.size, proof.start.frontier);
  } catch {
    errors.push('début de segment illisible');
    return report;
  }
  if (proof.start.size !== proof.from_seq - 1) errors.push('début de segment incohérent');
  let prev = proof.start.last_hash;
  let expected = proof.from_seq;
  const lines = createInterface({ input: createReadStream(join(dir, 'events.ndjson')), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const e = JSON.parse(line) as CommittedEvent;
    const { hash, ...record } = e;
    if (e.chain_id !== proof.chain_id || e.seq !== expected) {
      errors.push(`événement ${e.chain_id}#${e.seq} : attendu ${proof.chain_id}#${expected}`);
      break;
    }
    if (e.prev_hash !== prev) errors.push(`événement #${e.seq} : chaînage rompu`);
    if (hashRecord(record) !== hash) errors.push(`événement #${e.seq} : empreinte incorrecte`);
    if (errors.length > 20) break;
    frontier.append(hash);
    prev = hash;
    expected += 1;
    report.events += 1;
  }
  if (expected !== proof.to_seq + 1) errors.push(`segment incomplet : ${report.events} événement(s)`);
  const root = frontier.root().toString('hex');
  if (root !== proof.root || prev !== proof.last_hash || frontier.encode() !== proof.frontier)
    errors.push('racine de Merkle du segment incorrecte');
  const payload = await verifyCheckpointJws(proof.checkpoint.jws, await importLedgerKeys(opts.trustedKeys));
  if (typeof payload === 'string') errors.push(`point de contrôle : ${payload}`);
  else {
    report.checkpointNumber = payload.number;
    const head = payload.heads.find((h) => h.chain_id === proof.chain_id);
    let ok = false;
    if (head && head.seq === proof.consistency.tree_size) {
      try {
        ok = await verifyConsistency(
          proof.to_seq,
          head.seq,
          hexToBytes(root),
          hexToBytes(head.root),
          proof.consistency.path.map(b64uToBytes),
        );
      } catch {
        ok = false;
      }
    }
    if (!ok) errors.push('le segment n’est pas un préfixe de l’arbre signé par le point de contrôle');
  }
  if (opts.witnesses?.length) {
    const sha = sha256Hex(proof.checkpoint.jws);
    for (const w of opts.witnesses) {
      const c = proof.cosignatures.find((x) => x.witness === w.name);
      const p = c ? await verifyCosignature(c.jws, w.name, w.key) : null;
      if (p && p.sha256 === sha && p.number === proof.checkpoint.number) report.witnessedBy.push(w.name);
    }
    if (report.witnessedBy.length < (opts.quorum ?? opts.witnesses.length)) errors.push('quorum de témoins non atteint');
  }
  report.ok = errors.length === 0;
  return report;
}
