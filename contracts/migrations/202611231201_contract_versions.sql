-- Each version of a contract is one habilitation request and its instruction. Once validated
-- its granted terms are frozen and signed (artefact = compact JWS, ES256).
CREATE TABLE contract_versions (
  contract_id      uuid NOT NULL REFERENCES contracts (id),
  version          integer NOT NULL CHECK (version >= 1),
  status           text NOT NULL CHECK (status IN ('draft', 'submitted', 'changes_requested', 'validated', 'refused', 'superseded')),
  form             jsonb NOT NULL,
  -- The form as last submitted (the diff of the next submission is computed against it).
  submitted_form   jsonb,
  first_approval   jsonb,
  granted          jsonb,
  artefact         text,
  valid_from       timestamptz,
  valid_until      timestamptz,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  submitted_at     timestamptz,
  decided_at       timestamptz,
  PRIMARY KEY (contract_id, version)
);
-- At most one version under instruction per contract (draft, submitted or changes_requested).
CREATE UNIQUE INDEX contract_versions_open_idx ON contract_versions (contract_id)
  WHERE status IN ('draft', 'submitted', 'changes_requested');
CREATE INDEX contract_versions_status_idx ON contract_versions (status);
