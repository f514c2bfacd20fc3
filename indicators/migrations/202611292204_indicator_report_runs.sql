-- Producers' monthly reports already queued: one row per producer and month, written in the
-- transaction that queued the notifications, so a report is announced once.
CREATE TABLE indicator_report_runs (
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  producer_siret  char(14) NOT NULL,
  recipients      integer NOT NULL CHECK (recipients >= 0),
  queued_at       timestamptz NOT NULL,
  PRIMARY KEY (month, producer_siret)
);
