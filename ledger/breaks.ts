/**
 * What the verifier reports. `kind` says what is wrong at `(chainId, seq)`:
 * - `hash_mismatch`: the row's content no longer matches its hash (changed field, moved row);
 * - `broken_link`: the row's `prev_hash` is not the hash of the row before it (inserted, swapped);
 * - `missing`: no row at this seq (deleted row, truncated tail below a checkpoint);
 * - `checkpoint_mismatch`: the row's hash differs from the one a valid checkpoint signed;
 * - `checkpoint_invalid`: a checkpoint's signature, key or stored heads do not verify (forged).
 */
export type LedgerBreakKind = 'hash_mismatch' | 'broken_link' | 'missing' | 'checkpoint_mismatch' | 'checkpoint_invalid';

export interface LedgerBreak {
  kind: LedgerBreakKind;
  chainId: string | null;
  seq: number | null;
  checkpointId?: number;
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
