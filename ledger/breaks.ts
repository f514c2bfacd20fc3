/**
 * What the verifier reports. `kind` says what is wrong at `(chainId, seq)` or at checkpoint
 * `checkpointNumber`:
 * - `hash_mismatch`: the row's content no longer matches its hash (changed field, moved row);
 * - `broken_link`: the row's `prev_hash` is not the hash of the row before it (inserted, swapped);
 * - `missing`: no row at this seq (deleted row, truncated tail below a checkpoint);
 * - `checkpoint_mismatch`: the row's hash, or the Merkle root up to it, differs from a valid checkpoint;
 * - `checkpoint_invalid`: a checkpoint's signature, key or stored heads do not verify (forged);
 * - `checkpoint_gap`: checkpoint numbers skip (a checkpoint deleted);
 * - `checkpoint_fork`: a checkpoint does not chain to the previous one (replaced, re-signed);
 * - `unknown_key`: a key in `ledger_keys` is neither pinned nor introduced by a signed rotation;
 * - `unanchored`: rows after the head at which the chain's writer closed it (appended behind its back);
 * - `witness_mismatch`: a witness's latest co-signed checkpoint is absent or different here;
 * - `witness_quorum`: fewer witnesses than the quorum confirm the ledger;
 * - `cosignature_missing`: a witness co-signed a checkpoint whose co-signature is not stored;
 * - `purge_invalid`: a purge anchor does not match the archived segment's root.
 */
export type LedgerBreakKind =
  | 'hash_mismatch'
  | 'broken_link'
  | 'missing'
  | 'checkpoint_mismatch'
  | 'checkpoint_invalid'
  | 'checkpoint_gap'
  | 'checkpoint_fork'
  | 'unknown_key'
  | 'unanchored'
  | 'witness_mismatch'
  | 'witness_quorum'
  | 'cosignature_missing'
  | 'purge_invalid';

export interface LedgerBreak {
  kind: LedgerBreakKind;
  chainId: string | null;
  seq: number | null;
  /** Row id of the checkpoint (kept for older reports); `checkpointNumber` is its place in the chain. */
  checkpointId?: number;
  checkpointNumber?: number;
  /** The witness that disagrees. */
  witness?: string;
  message: string;
}

/** Keeps the first breaks found (a tampered ledger can yield millions). */
export class BreakList {
  readonly items: LedgerBreak[] = [];
  total = 0;
  constructor(private readonly max = 100) {}
  add(b: LedgerBreak): void {
    this.total += 1;
    if (this.items.length < this.max) this.items.push(b);
  }
}
