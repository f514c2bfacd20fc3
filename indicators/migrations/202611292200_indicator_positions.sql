-- The indicators rollup tails each ledger chain (docs/architecture.md, "Indicators"): the last
-- seq rolled up per chain, advanced in the same transaction as the monthly rows it updated, so
-- an event is counted exactly once even across restarts.
CREATE TABLE indicator_positions (
  chain_id     text PRIMARY KEY,
  seq          bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
  recorded_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
