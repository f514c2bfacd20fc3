-- Every transition of a contract: who, when, from, to, reason and the diff of the fields.
-- Append-only: visible to the parties and auditors, wired to the ledger by the gateway.
CREATE TABLE contract_events (
  id            bigserial PRIMARY KEY,
  contract_id   uuid NOT NULL REFERENCES contracts (id),
  version       integer NOT NULL,
  action        text NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor_sub     text NOT NULL,
  actor_name    text,
  actor_siret   char(14),
  actor_role    text,
  reason        text,
  diff          jsonb,
  occurred_at   timestamptz NOT NULL
);
CREATE INDEX contract_events_contract_idx ON contract_events (contract_id, id);
CREATE FUNCTION contract_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'contract_events is append-only';
END $$;
CREATE TRIGGER contract_events_no_update BEFORE UPDATE OR DELETE ON contract_events
  FOR EACH ROW EXECUTE FUNCTION contract_events_append_only();
