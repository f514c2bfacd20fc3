-- "A new administration obtained data about me" is queued by a job that tails each ledger chain
-- (view ledger_exchange_subjects): the last seq it read per chain, advanced in the SAME
-- transaction as the notifications it queued, so a restart neither loses nor repeats one (the
-- notification key dedupes besides). Chains already in the ledger start at their head: their
-- exchanges were announced when they were served.
CREATE TABLE notify_ledger_positions (
  chain_id    text PRIMARY KEY,
  seq         bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notify_ledger_positions (chain_id, seq)
  SELECT c.chain_id,
         coalesce((SELECT e.seq FROM ledger_exchange_subjects e WHERE e.chain_id = c.chain_id ORDER BY e.seq DESC LIMIT 1), 0)
  FROM ledger_chain_ids c;
