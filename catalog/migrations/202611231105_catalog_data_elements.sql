-- The data dictionary: what a piece of data means, its format and legal source.
CREATE TABLE catalog_data_elements (
  id                text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{0,63}$'),
  label             text NOT NULL,
  definition        text NOT NULL,
  format            jsonb NOT NULL,
  subject_kind      text NOT NULL CHECK (subject_kind IN ('person', 'company', 'none')),
  sensitivity       text NOT NULL CHECK (sensitivity IN ('standard', 'sensitive', 'highly_sensitive')),
  legal_source      jsonb NOT NULL,
  update_frequency  text NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  search            tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('fr_unaccent', coalesce(label, '')), 'A') ||
    setweight(to_tsvector('fr_unaccent', replace(id, '_', ' ')), 'B') ||
    setweight(to_tsvector('fr_unaccent', coalesce(definition, '')), 'C')
  ) STORED
);
CREATE INDEX catalog_data_elements_search_idx ON catalog_data_elements USING gin (search);
