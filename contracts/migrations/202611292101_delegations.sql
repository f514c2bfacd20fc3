-- Delegations (docs/architecture.md, "Delegations"): a consumer administration lets a software
-- editor call under one of its active contracts. Granted by the consumer's admin (pending),
-- accepted by the editor's admin (active), ended by either side (ended, for good).
CREATE TABLE delegations (
  id               uuid PRIMARY KEY,
  contract_id      uuid NOT NULL REFERENCES contracts (id),
  consumer_siret   char(14) NOT NULL REFERENCES organisations (siret),
  editor_siret     char(14) NOT NULL REFERENCES organisations (siret),
  -- The software the editor provides to the consumer (shown to citizens in their trail).
  software         text NOT NULL CHECK (length(software) BETWEEN 1 AND 100),
  status           text NOT NULL CHECK (status IN ('pending', 'active', 'ended')),
  -- Calls per minute the consumer declares for its editor (usage control), null when not declared.
  declared_volume  integer CHECK (declared_volume IS NULL OR declared_volume > 0),
  granted_by       text NOT NULL,
  accepted_by      text,
  ended_by         text,
  end_reason       text,
  created_at       timestamptz NOT NULL,
  accepted_at      timestamptz,
  ended_at         timestamptz,
  updated_at       timestamptz NOT NULL,
  CHECK (consumer_siret <> editor_siret)
);
CREATE INDEX delegations_editor_idx ON delegations (editor_siret, status);
CREATE INDEX delegations_consumer_idx ON delegations (consumer_siret, status);
CREATE INDEX delegations_contract_idx ON delegations (contract_id);
-- At most one delegation not ended per contract and editor.
CREATE UNIQUE INDEX delegations_open_idx ON delegations (contract_id, editor_siret) WHERE status <> 'ended';
