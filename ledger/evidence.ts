import type pg from 'pg';
import type { CommittedEvent } from './event.js';
import type { LedgerPublicKey } from './keys.js';
import { buildProof, type ProofBundle } from './proof.js';
import { verifyProof } from './verify-proof.js';

/**
 * The evidence bundle of one event is its logarithmic proof (`ProofBundle`): the event, its
 * inclusion proof, the signed checkpoint and the witnesses' co-signatures.
 */
export type EvidenceBundle = ProofBundle;

export interface EvidenceResult {
  ok: boolean;
  /** Why it fails, in French (shown by the CLI); empty when ok. */
  errors: string[];
  event: CommittedEvent | null;
}

/** Builds the evidence of an event (see `buildProof` for the problem codes). */
export async function buildEvidence(pool: Pick<pg.Pool, 'query'>, eventId: string): Promise<EvidenceBundle> {
  return buildProof(pool, eventId);
}

/**
 * Checks a bundle with no database. Only `trustedKeys` (the pinned keys Datapedia publishes)
 * are trusted: without them the bundle cannot be verified.
 */
export async function verifyEvidence(bundle: EvidenceBundle, opts: { trustedKeys?: LedgerPublicKey[] } = {}): Promise<EvidenceResult> {
  const r = await verifyProof(bundle, { trustedKeys: opts.trustedKeys ?? [] });
  return { ok: r.ok, errors: r.errors, event: r.event };
}
