-- One row per writer chain (a gateway process), so the heads of all chains are found without
-- scanning the events.
CREATE TABLE ledger_chains (
  chain_id    text PRIMARY KEY CHECK (chain_id ~ '^[A-Za-z0-9._:-]{1,100}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
