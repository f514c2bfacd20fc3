-- Checkpoints form a gap-free chain: `number` 1, 2, 3... and `prev_sha256` = SHA-256 of the
-- previous checkpoint's compact JWS (`sha256` is this one's), so a missing or replaced checkpoint
-- breaks the chain. Each signed head carries the RFC 9162 Merkle root of its chain up to `seq`,
-- the frontier (roots of the perfect subtrees, hex, largest first) to extend it incrementally,
-- and whether the chain's writer closed it (no event may follow a closed head).
ALTER TABLE ledger_checkpoints
  ADD COLUMN number bigint UNIQUE CHECK (number >= 1),
  ADD COLUMN prev_sha256 text CHECK (length(prev_sha256) = 64),
  ADD COLUMN sha256 text CHECK (length(sha256) = 64);
ALTER TABLE ledger_checkpoint_heads
  ADD COLUMN root text CHECK (length(root) = 64),
  ADD COLUMN frontier text,
  ADD COLUMN closed boolean NOT NULL DEFAULT false;
