-- Kafka relay: the last seq of each chain published (at-least-once: advanced after the broker acked).
CREATE TABLE ledger_relay_positions (
  chain_id    text PRIMARY KEY,
  seq         bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
