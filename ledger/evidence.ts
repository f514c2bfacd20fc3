import type pg from 'pg';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ProblemError } from '../schemas/index.js';
import type { CommittedEvent } from './event.js';
import type { CheckpointPayload } from './checkpoint.js';
import { GENESIS_HASH } from './hash.js';
import { listLedgerKeys, type LedgerPublicKey } from './keys.js';
import { importLedgerKeys, verifyCheckpointJws } from './verify-checkpoints.js';
import { findEventById, listRecordsBySeqRange } from './store/events.js';
import { findCheckpointCoveringSeq } from './store/checkpoints.js';

/**
 * An evidence bundle proves one event offline: the event, the chain segment from it up to the
 * head signed by the next checkpoint, that checkpoint (compact JWS) and the public keys.
 * Anyone can recompute the hashes, follow the links and check the ES256 signature.
 */
export interface EvidenceBundle {
  format: 'datapedia.ledger.evidence/1';
  eventId: string;
  /** The segment, first element the event itself, last the signed head. */
  segment: CommittedEvent[];
  checkpoint: { id: number; jws: string };
  keys: LedgerPublicKey[];
}

export interface EvidenceResult {
  ok: boolean;
  /** Why it fails, in French (shown by the CLI); empty when ok. */
  errors: string[];
  event: CommittedEvent | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the bundle of an event. Throws `client.not_found` for an unknown event and
 * `client.conflict` when no checkpoint covers it yet (retry after the next checkpoint).
 */
export async function buildEvidence(pool: pg.Pool, eventId: string): Promise<EvidenceBundle> {
  if (!UUID.test(eventId)) throw new ProblemError('client.invalid_parameter', { detail: 'Identifiant d’échange invalide (UUID attendu).' });
  const event = await findEventById(pool, eventId.toLowerCase());
  if (!event) throw new ProblemError('client.not_found', { detail: 'Aucun événement avec cet identifiant.' });
  const cp = await findCheckpointCoveringSeq(pool, event.chain_id, event.seq);
  if (!cp) throw new ProblemError('client.conflict', { detail: 'Aucun point de contrôle ne couvre encore cet événement ; réessayez après le prochain.' });
  const segment = await listRecordsBySeqRange(pool, event.chain_id, event.seq, cp.head_seq);
  return { format: 'datapedia.ledger.evidence/1', eventId: event.id, segment, checkpoint: { id: cp.id, jws: cp.jws }, keys: await listLedgerKeys(pool) };
}

function hashOf(e: CommittedEvent): string {
  const { hash: _stored, ...record } = e;
  return createHash('sha256').update(canonicalize(record) ?? '', 'utf8').digest('hex');
}

function checkSegment(b: EvidenceBundle, errors: string[]): void {
  let prev: string | null = null;
  b.segment.forEach((e, i) => {
    if (hashOf(e) !== e.hash) errors.push(`événement ${e.chain_id}#${e.seq} : empreinte incorrecte`);
    if (i > 0 && (e.chain_id !== b.segment[0]!.chain_id || e.seq !== b.segment[i - 1]!.seq + 1)) errors.push(`événement ${e.chain_id}#${e.seq} : segment discontinu`);
    if (prev !== null && e.prev_hash !== prev) errors.push(`événement ${e.chain_id}#${e.seq} : chaînage rompu`);
    if (e.seq === 1 && e.prev_hash !== GENESIS_HASH) errors.push(`événement ${e.chain_id}#1 : origine de chaîne incorrecte`);
    prev = e.hash;
  });
}

/**
 * Checks a bundle with no database: hashes, links, the checkpoint signature and its head.
 * The keys in the bundle only say which key signed; pass `trustedKeys` (the keys Datapedia
 * publishes) so that a bundle re-signed with another key fails.
 */
export async function verifyEvidence(bundle: EvidenceBundle, opts: { trustedKeys?: LedgerPublicKey[] } = {}): Promise<EvidenceResult> {
  const errors: string[] = [];
  if (bundle?.format !== 'datapedia.ledger.evidence/1' || !Array.isArray(bundle.segment) || bundle.segment.length === 0 || !bundle.checkpoint || !Array.isArray(bundle.keys)) {
    return { ok: false, errors: ['format de preuve inconnu'], event: null };
  }
  const event = bundle.segment[0]!;
  if (event.id !== bundle.eventId) errors.push('le premier événement du segment n’est pas celui de la preuve');
  checkSegment(bundle, errors);
  let payload: CheckpointPayload | string;
  try {
    payload = await verifyCheckpointJws(bundle.checkpoint.jws, await importLedgerKeys(opts.trustedKeys ?? bundle.keys));
  } catch {
    payload = 'clés publiques illisibles';
  }
  if (typeof payload === 'string') errors.push(`point de contrôle : ${payload}`);
  else {
    const last = bundle.segment[bundle.segment.length - 1]!;
    const head = payload.heads.find((h) => h.chain_id === last.chain_id);
    if (!head || head.seq !== last.seq || head.hash !== last.hash) errors.push('le segment ne se termine pas sur la tête signée par le point de contrôle');
  }
  return { ok: errors.length === 0, errors, event };
}
