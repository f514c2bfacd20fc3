-- Consent requests: a consumer asks, the citizen accepts or refuses, the consumer reads the outcome.
CREATE TABLE consent_requests (
  id               uuid PRIMARY KEY,
  consumer_siret   text NOT NULL CHECK (consumer_siret ~ '^[0-9]{14}$'),
  requested_by     jsonb NOT NULL,
  subject_ref      text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  subject_kind     text NOT NULL CHECK (subject_kind IN ('person', 'company')),
  api_slug         text NOT NULL,
  data_elements    text[] NOT NULL DEFAULT '{}',
  purpose          text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  duration_days    integer NOT NULL CHECK (duration_days BETWEEN 1 AND 1095),
  frequency_max    integer CHECK (frequency_max >= 1),
  frequency_period text CHECK (frequency_period IN ('day', 'week', 'month', 'year')),
  status           text NOT NULL CHECK (status IN ('pending', 'accepted', 'refused', 'expired')),
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  decided_at       timestamptz,
  consent_id       uuid
);
CREATE INDEX consent_requests_subject_idx ON consent_requests (subject_ref, created_at DESC);
CREATE INDEX consent_requests_consumer_idx ON consent_requests (consumer_siret, created_at DESC);
