-- Cases of the usage control: opened by a rule over the ledger or by a citizen's
-- "Signaler un accès suspect" report; investigated and closed by auditors with a conclusion.
-- Evidence = ids of ledger events (ledger_events.id), never personal data.
CREATE TABLE audit_cases (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
  source          text NOT NULL CHECK (source IN ('rule', 'citizen')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'investigating', 'closed')),
  contract_id     uuid,
  consumer_siret  char(14),
  producer_siret  char(14),
  api_slug        text,
  -- Same (kind, dedup_key) while not closed = the same case: new evidence is added to it.
  dedup_key       text,
  summary         text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
  evidence        uuid[] NOT NULL DEFAULT '{}',
  conclusion      text,
  opened_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (status <> 'closed' OR conclusion IS NOT NULL)
);
CREATE UNIQUE INDEX audit_cases_dedup_idx ON audit_cases (kind, dedup_key) WHERE status <> 'closed' AND dedup_key IS NOT NULL;
CREATE INDEX audit_cases_status_idx ON audit_cases (status, opened_at DESC);
CREATE INDEX audit_cases_contract_idx ON audit_cases (contract_id) WHERE contract_id IS NOT NULL;
