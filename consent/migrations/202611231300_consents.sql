-- Citizen consents as immutable artefacts: one row per version, never updated.
-- A change of status (pause, resume, revoke, expire) is a new row with version + 1.
-- The subject only as subject_ref (docs/architecture.md, invariant 4).
CREATE TABLE consents (
  id               uuid NOT NULL,
  version          integer NOT NULL CHECK (version >= 1),
  subject_ref      text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  subject_kind     text NOT NULL CHECK (subject_kind IN ('person', 'company')),
  -- NULL: any holder of an active contract for `purpose` on the API.
  consumer_siret   text CHECK (consumer_siret ~ '^[0-9]{14}$'),
  api_slug         text NOT NULL,
  data_elements    text[] NOT NULL DEFAULT '{}',
  purpose          text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  valid_from       timestamptz NOT NULL,
  valid_until      timestamptz NOT NULL CHECK (valid_until > valid_from),
  frequency_max    integer CHECK (frequency_max >= 1),
  frequency_period text CHECK (frequency_period IN ('day', 'week', 'month', 'year')),
  status           text NOT NULL CHECK (status IN ('active', 'paused', 'revoked', 'expired')),
  request_id       uuid,
  actor            jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (id, version),
  CHECK ((frequency_max IS NULL) = (frequency_period IS NULL))
);
CREATE INDEX consents_subject_idx ON consents (subject_ref, api_slug, id, version DESC);
