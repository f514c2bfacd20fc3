-- Per-person notification choices (opt-in): one row per kind the person chose, and where and
-- how to write to them. The person only as subject_ref (their e-mail is the one thing needed to
-- reach them; it never enters the ledger or the logs).
CREATE TABLE notify_recipients (
  person_ref  text PRIMARY KEY CHECK (person_ref ~ '^[0-9a-f]{64}$'),
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 320 AND email LIKE '%_@_%'),
  -- 'daily': one digest a day instead of one e-mail per notification.
  digest      text NOT NULL CHECK (digest IN ('immediate', 'daily')),
  updated_at  timestamptz NOT NULL
);
CREATE TABLE notify_preferences (
  person_ref  text NOT NULL REFERENCES notify_recipients (person_ref) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status')),
  enabled     boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (person_ref, kind)
);
