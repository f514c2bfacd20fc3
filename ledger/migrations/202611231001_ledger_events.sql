-- The exchange ledger (docs/architecture.md, invariants 4 and 5): one row per event, hash-chained per writer.
-- No personal data in clear: subjects only as subject_ref (HMAC), field names never values,
-- a SHA-256 of the delivered body never the body.
CREATE TABLE ledger_events (
  -- The writer validates chain ids and computes the hashes; regex CHECKs here cost about a third
  -- of the insert time (measured), and a malformed hash fails verification anyway.
  chain_id        text NOT NULL,
  seq             bigint NOT NULL CHECK (seq >= 1),
  prev_hash       text NOT NULL CHECK (length(prev_hash) = 64),
  hash            text NOT NULL CHECK (length(hash) = 64),
  id              uuid NOT NULL UNIQUE,
  type            text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  actor           jsonb,
  consumer_siret  text,
  client_id       text,
  contract_id     text,
  contract_version integer,
  producer_siret  text,
  api_slug        text,
  endpoint        text,
  fields          text[],
  data_elements   text[],
  subject_ref     text,
  subject_kind    text CHECK (subject_kind IN ('person', 'company')),
  recipient       text,
  context         text,
  object          text,
  legal_basis     jsonb,
  outcome         text NOT NULL CHECK (outcome IN ('served', 'denied', 'failed', 'recorded')),
  problem_code    text,
  status          integer,
  latency_ms      integer,
  body_sha256     text,
  detail          jsonb,
  PRIMARY KEY (chain_id, seq)
);
