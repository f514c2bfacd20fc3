-- Retention of the ledger's traces of an API's exchanges (CRPA L114-9: each exchange system has
-- its retention set by its decree), both ways: kept at least `min`, at most `max` days after
-- they were recorded. NULL: the platform default (LEDGER_RETENTION_MIN_DAYS / _MAX_DAYS).
ALTER TABLE catalog_apis
  ADD COLUMN retention_min_days integer,
  ADD COLUMN retention_max_days integer,
  ADD CONSTRAINT catalog_apis_retention_check CHECK (
    (retention_min_days IS NULL AND retention_max_days IS NULL)
    OR (retention_min_days >= 0 AND retention_max_days >= 1 AND retention_min_days <= retention_max_days AND retention_max_days <= 3650)
  );
