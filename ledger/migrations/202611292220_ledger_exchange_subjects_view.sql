-- What another domain may read of the ledger's events, in chain order: who obtained what about
-- whom, never a body digest, a field, a detail or a hash (docs/architecture.md, "Folders": a
-- domain reads another's tables only through a view the owner creates). The notify domain's
-- "data obtained" job tails it from its own stored positions.
CREATE VIEW ledger_exchange_subjects AS
  SELECT chain_id, seq, recorded_at, type, outcome, subject_kind, subject_ref, consumer_siret
  FROM ledger_events;
