-- Co-signatures returned by the witnesses (separate processes, own keys): a compact JWS per
-- (checkpoint, witness) over the checkpoint's number and SHA-256. Append-only like the ledger.
CREATE TABLE ledger_cosignatures (
  checkpoint_number bigint NOT NULL,
  witness           text NOT NULL CHECK (witness ~ '^[A-Za-z0-9._-]{1,64}$'),
  jws               text NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (checkpoint_number, witness)
);
CREATE TRIGGER ledger_cosignatures_no_update_delete BEFORE UPDATE OR DELETE ON ledger_cosignatures
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_cosignatures_no_truncate BEFORE TRUNCATE ON ledger_cosignatures
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_cosignatures FROM PUBLIC;
