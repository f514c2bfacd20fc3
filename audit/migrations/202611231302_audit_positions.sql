-- The rule evaluator tails each ledger chain: the last seq evaluated per chain, advanced in the
-- same transaction as the cases it opened (exactly-once evaluation per event).
CREATE TABLE audit_positions (
  chain_id     text PRIMARY KEY,
  seq          bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
  recorded_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
-- Periodic rules (scopes never used): when each last ran.
CREATE TABLE audit_sweeps (
  rule        text PRIMARY KEY,
  ran_at      timestamptz NOT NULL
);
