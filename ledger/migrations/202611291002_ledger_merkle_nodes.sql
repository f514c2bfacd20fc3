-- Interior nodes of each chain's Merkle tree (RFC 9162 §2.1) at level 8 and above (perfect
-- subtrees of 256 leaves or more), written with the checkpoint that completes them: an inclusion
-- or consistency proof reads O(log n) of them plus at most two runs of 256 leaf hashes, and
-- proofs stay computable after the events below a purge anchor are deleted.
CREATE TABLE ledger_merkle_nodes (
  chain_id text NOT NULL,
  level    smallint NOT NULL CHECK (level BETWEEN 8 AND 62),
  idx      bigint NOT NULL CHECK (idx >= 0),
  hash     bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (chain_id, level, idx)
);
CREATE TRIGGER ledger_merkle_nodes_no_update_delete BEFORE UPDATE OR DELETE ON ledger_merkle_nodes
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_merkle_nodes_no_truncate BEFORE TRUNCATE ON ledger_merkle_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_merkle_nodes FROM PUBLIC;
