-- People with an active dossier: the last citizen login per person, by subject_ref only (the
-- keyed hash of invariant 4), copied from live sessions before they expire. Rows older than the
-- 12-month window (plus a month) are deleted: nothing is kept longer than the count needs.
CREATE TABLE indicator_people (
  person_ref     text PRIMARY KEY CHECK (person_ref ~ '^[0-9a-f]{64}$'),
  last_login_at  timestamptz NOT NULL
);
CREATE INDEX indicator_people_login_idx ON indicator_people (last_login_at);
