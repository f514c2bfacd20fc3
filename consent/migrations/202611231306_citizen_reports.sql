-- Citizens' "Signaler un accès suspect" reports: the citizen's side of an audit case
-- (audit_cases, opened with dedup key `exchange:<id>`). The message stays here, never in the
-- ledger (it may hold personal data). One report per (subject, exchange).
CREATE TABLE citizen_reports (
  id             uuid PRIMARY KEY,
  subject_ref    text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  event_id       uuid NOT NULL,
  message        text NOT NULL CHECK (length(message) <= 2000),
  audit_case_id  uuid,
  created_at     timestamptz NOT NULL,
  UNIQUE (subject_ref, event_id)
);
CREATE INDEX citizen_reports_subject_idx ON citizen_reports (subject_ref, created_at DESC);
