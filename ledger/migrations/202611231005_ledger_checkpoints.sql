-- Signed checkpoints: a compact JWS (RFC 7515, ES256) over the heads of every chain.
-- ledger_checkpoint_heads denormalises the payload to find "the next checkpoint after (chain, seq)";
-- the verifier checks it against the signed payload.
CREATE TABLE ledger_checkpoints (
  id          bigserial PRIMARY KEY,
  created_at  timestamptz NOT NULL,
  kid         text NOT NULL REFERENCES ledger_keys (kid),
  jws         text NOT NULL
);
CREATE TABLE ledger_checkpoint_heads (
  checkpoint_id bigint NOT NULL REFERENCES ledger_checkpoints (id),
  chain_id      text NOT NULL,
  seq           bigint NOT NULL,
  hash          char(64) NOT NULL,
  PRIMARY KEY (checkpoint_id, chain_id)
);
CREATE INDEX ledger_checkpoint_heads_chain_idx ON ledger_checkpoint_heads (chain_id, seq);
