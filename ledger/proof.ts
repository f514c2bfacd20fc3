import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import type { CommittedEvent } from './event.js';
import type { LedgerPublicKey } from './keys.js';
import { bytesToB64u } from './merkle-verify.js';
import { inclusionProof } from './tree.js';
import { findEventById } from './store/events.js';
import { findCheckpointCoveringSeq } from './store/checkpoints.js';
import { listCosignaturesByCheckpointNumber } from './store/cosignatures.js';

/**
 * The proof of one exchange for the person it concerns (and for auditors): the event, its RFC
 * 9162 inclusion proof in its chain's Merkle tree, the checkpoint that signed that tree's root,
 * and the witnesses' co-signatures of that checkpoint. It is checked offline, with only the
 * pinned keys (`verifyProof`); its size grows with log2 of the chain, not with its length.
 */
export interface ProofBundle {
  format: 'datapedia.ledger.proof/1';
  eventId: string;
  /** The event, alone (the former bundles carried a whole chain segment here). */
  segment: [CommittedEvent];
  inclusion: { tree_size: number; leaf_index: number; path: string[] };
  checkpoint: { id: number; number: number; jws: string };
  cosignatures: { witness: string; jws: string }[];
  /** Never trusted by the verifier: a convenience copy of the keys, when asked for. */
  keys?: LedgerPublicKey[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the proof of an event. Prefers the newest covering checkpoint co-signed by at least
 * `minCosignatures` witnesses. Throws `client.invalid_parameter`, `client.not_found`, or
 * `client.conflict` when no checkpoint covers the event yet (retry after the next one).
 */
export async function buildProof(
  pool: Pick<pg.Pool, 'query'>,
  eventId: string,
  opts: { minCosignatures?: number } = {},
): Promise<ProofBundle> {
  if (!UUID.test(eventId)) throw new ProblemError('client.invalid_parameter', { detail: 'Identifiant d’échange invalide (UUID attendu).' });
  const event = await findEventById(pool, eventId.toLowerCase());
  if (!event) throw new ProblemError('client.not_found', { detail: 'Aucun événement avec cet identifiant.' });
  const cp =
    (opts.minCosignatures ? await findCheckpointCoveringSeq(pool, event.chain_id, event.seq, opts.minCosignatures) : null) ??
    (await findCheckpointCoveringSeq(pool, event.chain_id, event.seq));
  if (!cp || cp.number === null)
    throw new ProblemError('client.conflict', {
      detail: 'Aucun point de contrôle ne couvre encore cet événement ; réessayez après le prochain.',
    });
  const path = await inclusionProof(pool, event.chain_id, event.seq, cp.head_seq);
  return {
    format: 'datapedia.ledger.proof/1',
    eventId: event.id,
    segment: [event],
    inclusion: { tree_size: cp.head_seq, leaf_index: event.seq - 1, path: path.map((b) => bytesToB64u(b)) },
    checkpoint: { id: cp.id, number: cp.number, jws: cp.jws },
    cosignatures: await listCosignaturesByCheckpointNumber(pool, cp.number),
  };
}
