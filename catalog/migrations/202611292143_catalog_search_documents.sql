-- Documents other domains publish into the catalogue's one French search (the counter's use
-- cases): the same configuration (fr_unaccent) and ranking as APIs, endpoints and data elements.
-- A row exists only while its document is public; `api_slugs` names the APIs it relies on.
CREATE TABLE catalog_search_documents (
  kind        text NOT NULL CHECK (kind IN ('use_case')),
  id          text NOT NULL CHECK (length(id) BETWEEN 1 AND 80),
  title       text NOT NULL,
  body        text NOT NULL,
  api_slugs   text[] NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL,
  search      tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('fr_unaccent', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('fr_unaccent', coalesce(body, '')), 'C')
  ) STORED,
  PRIMARY KEY (kind, id)
);
CREATE INDEX catalog_search_documents_search_idx ON catalog_search_documents USING gin (search);
