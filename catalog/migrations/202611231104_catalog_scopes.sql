-- Scopes as field masks: a named list of JSON pointers into the API's response schemas.
CREATE TABLE catalog_scopes (
  api_id    uuid NOT NULL REFERENCES catalog_apis (id) ON DELETE CASCADE,
  name      text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'),
  label     text NOT NULL,
  pointers  text[] NOT NULL CHECK (cardinality(pointers) >= 1),
  PRIMARY KEY (api_id, name)
);
