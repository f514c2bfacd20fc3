-- Cases opened for the auditors: "Signaler un accès suspect" from the citizen space,
-- later instructed from the audit console. The subject only as subject_ref.
CREATE TABLE cases (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('citizen_report')),
  subject_ref  text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  event_id     uuid NOT NULL,
  message      text NOT NULL CHECK (length(message) <= 2000),
  status       text NOT NULL CHECK (status IN ('open', 'in_review', 'closed')),
  resolution   text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  UNIQUE (subject_ref, event_id)
);
CREATE INDEX cases_subject_idx ON cases (subject_ref, created_at DESC);
CREATE INDEX cases_status_idx ON cases (status, created_at DESC);
