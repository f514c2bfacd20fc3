-- Shared state of the per-contract rate limit (docs/architecture.md, "Data": several gateways on one database):
-- one row per (key, one-minute window), counting the requests reserved by every gateway.
-- Rows are short-lived: windows older than a few minutes are deleted by the gateways.
CREATE UNLOGGED TABLE rate_limit_windows (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  reserved integer NOT NULL CHECK (reserved >= 0),
  PRIMARY KEY (key, window_start)
);
COMMENT ON TABLE rate_limit_windows IS 'Per-contract rate limit counters shared by the gateways (fixed one-minute windows). Unlogged: losing them in a crash only resets the current minute.';
