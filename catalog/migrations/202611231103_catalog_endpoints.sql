-- The operations of the current version of each API (one row per method + path).
CREATE TABLE catalog_endpoints (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  api_id               uuid NOT NULL REFERENCES catalog_apis (id) ON DELETE CASCADE,
  position             integer NOT NULL,
  operation_id         text NOT NULL,
  method               text NOT NULL CHECK (method IN ('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace')),
  path_template        text NOT NULL,
  summary              text NOT NULL DEFAULT '',
  description          text NOT NULL DEFAULT '',
  tags                 text[] NOT NULL DEFAULT '{}',
  deprecated           boolean NOT NULL DEFAULT false,
  parameters           jsonb NOT NULL DEFAULT '[]',
  request_body_schema  jsonb,
  response_schema      jsonb,
  security             jsonb NOT NULL DEFAULT '[]',
  fields               text[] NOT NULL DEFAULT '{}',
  UNIQUE (api_id, operation_id),
  UNIQUE (api_id, method, path_template),
  search               tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('fr_unaccent', coalesce(summary, '')), 'A') ||
    setweight(to_tsvector('fr_unaccent', coalesce(operation_id, '') || ' ' || coalesce(path_template, '')), 'B') ||
    setweight(to_tsvector('fr_unaccent', coalesce(description, '')), 'C')
  ) STORED
);
CREATE INDEX catalog_endpoints_search_idx ON catalog_endpoints USING gin (search);
