-- Checkpoint signing keys (ES256). Public keys are kept forever so old checkpoints verify;
-- private_jwk is cleared when a key is retired.
CREATE TABLE ledger_keys (
  kid         text PRIMARY KEY,
  public_jwk  jsonb NOT NULL,
  private_jwk jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
