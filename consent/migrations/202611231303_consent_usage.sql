-- Frequency caps: exchanges counted per consent and calendar window (UTC).
CREATE TABLE consent_usage (
  consent_id    uuid NOT NULL,
  window_start  timestamptz NOT NULL,
  used          integer NOT NULL CHECK (used >= 0),
  PRIMARY KEY (consent_id, window_start)
);
