import type { JWK } from 'jose';
import type { CommittedEvent } from './event.js';
import type { LedgerPublicKey } from './keys.js';
import type { ProofBundle } from './proof.js';
import { canonicalJson } from './jcs.js';
import { importLedgerKeys, verifyCheckpointJws } from './checkpoint-jws.js';
import { b64uToBytes, bytesToHex, hashLeaf, hexToBytes, sha256, verifyInclusion } from './merkle-verify.js';
import { verifyCosignature } from './witness/cosignature.js';

export interface ProofResult {
  ok: boolean;
  /** Why it fails, in French; empty when ok. */
  errors: string[];
  event: CommittedEvent | null;
  checkpointNumber: number | null;
  /** Witnesses whose co-signature verified. */
  witnessedBy: string[];
}

const text = (s: string) => new TextEncoder().encode(s);

/**
 * Checks a proof bundle offline, with WebCrypto only (this module and its imports run in a
 * browser): the event's hash over its RFC 8785 encoding, its RFC 9162 inclusion in the tree
 * whose root the checkpoint signed, the checkpoint's signature by a pinned key, and, with
 * `witnesses`, a quorum of co-signatures. Nothing in the bundle itself is trusted.
 */
export async function verifyProof(
  bundle: ProofBundle,
  opts: { trustedKeys: LedgerPublicKey[]; witnesses?: { name: string; key: JWK }[]; quorum?: number },
): Promise<ProofResult> {
  const errors: string[] = [];
  const fail = (e: string): ProofResult => ({ ok: false, errors: [e], event: null, checkpointNumber: null, witnessedBy: [] });
  if (
    bundle?.format !== 'datapedia.ledger.proof/1' ||
    !Array.isArray(bundle.segment) ||
    bundle.segment.length !== 1 ||
    !bundle.inclusion ||
    !bundle.checkpoint ||
    !Array.isArray(bundle.inclusion.path)
  )
    return fail('format de preuve inconnu');
  if (!opts.trustedKeys?.length) return fail('aucune clé de confiance : fournir les clés publiées par Datapedia');
  const event = bundle.segment[0];
  if (event.id !== bundle.eventId) errors.push('l’événement n’est pas celui de la preuve');
  const { hash: stored, ...record } = event;
  if (bytesToHex(await sha256(text(canonicalJson(record)))) !== stored)
    errors.push(`événement ${event.chain_id}#${event.seq} : empreinte incorrecte`);
  let keys;
  try {
    keys = await importLedgerKeys(opts.trustedKeys);
  } catch {
    return fail('clés de confiance illisibles');
  }
  const payload = await verifyCheckpointJws(bundle.checkpoint.jws, keys);
  let number: number | null = null;
  if (typeof payload === 'string') errors.push(`point de contrôle : ${payload}`);
  else {
    number = payload.number;
    if (payload.number !== bundle.checkpoint.number) errors.push('numéro de point de contrôle incohérent');
    const head = payload.heads.find((h) => h.chain_id === event.chain_id);
    const { tree_size: size, leaf_index: index } = bundle.inclusion;
    if (!head || head.seq !== size || index !== event.seq - 1)
      errors.push('la preuve ne porte pas sur la tête signée de la chaîne de l’événement');
    else {
      let ok = false;
      try {
        ok = await verifyInclusion(
          index,
          size,
          await hashLeaf(hexToBytes(stored)),
          bundle.inclusion.path.map(b64uToBytes),
          hexToBytes(head.root),
        );
      } catch {
        ok = false;
      }
      if (!ok) errors.push('preuve d’inclusion invalide : l’événement n’est pas dans l’arbre signé');
    }
  }
  const witnessedBy: string[] = [];
  if (opts.witnesses?.length) {
    const sha = bytesToHex(await sha256(text(bundle.checkpoint.jws)));
    for (const w of opts.witnesses) {
      const c = (bundle.cosignatures ?? []).find((x) => x.witness === w.name);
      if (!c) continue;
      const p = await verifyCosignature(c.jws, w.name, w.key);
      if (p && p.number === number && p.sha256 === sha) witnessedBy.push(w.name);
    }
    const quorum = opts.quorum ?? opts.witnesses.length;
    if (witnessedBy.length < quorum) errors.push(`${witnessedBy.length} contre-signature(s) de témoin valide(s) sur ${quorum} requises`);
  }
  return { ok: errors.length === 0, errors, event, checkpointNumber: number, witnessedBy };
}
