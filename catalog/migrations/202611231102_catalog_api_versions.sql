-- Every imported OpenAPI document, in order, with what changed since the previous one.
CREATE TABLE catalog_api_versions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  api_id           uuid NOT NULL REFERENCES catalog_apis (id) ON DELETE CASCADE,
  seq              integer NOT NULL CHECK (seq >= 1),
  version          text NOT NULL,
  openapi_version  text NOT NULL,
  source_sha256    char(64) NOT NULL,
  source_format    text NOT NULL CHECK (source_format IN ('json', 'yaml')),
  document         jsonb NOT NULL,
  snapshot         jsonb NOT NULL,
  diff             jsonb,
  warnings         jsonb NOT NULL DEFAULT '[]',
  imported_by      text,
  imported_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (api_id, seq)
);
