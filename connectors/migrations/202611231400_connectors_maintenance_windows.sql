-- Maintenance windows declared by a producer: its health ping answers `maintenance` inside one.
CREATE TABLE producer_maintenance_windows (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  producer_siret char(14) NOT NULL REFERENCES organisations (siret),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX producer_maintenance_windows_producer_idx ON producer_maintenance_windows (producer_siret, ends_at);
