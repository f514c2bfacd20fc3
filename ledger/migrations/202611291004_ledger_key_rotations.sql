-- Key rotation statements: a compact JWS signed by the previous ledger key introducing the next
-- one. The verifier trusts only pinned keys (configuration) and the keys such statements chain
-- from them; any other key in ledger_keys is reported as tampering.
CREATE TABLE ledger_key_rotations (
  kid         text PRIMARY KEY REFERENCES ledger_keys (kid),
  previous    text NOT NULL REFERENCES ledger_keys (kid),
  jws         text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER ledger_key_rotations_no_update_delete BEFORE UPDATE OR DELETE ON ledger_key_rotations
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_key_rotations FROM PUBLIC;
