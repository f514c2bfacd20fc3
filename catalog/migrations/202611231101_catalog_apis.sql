-- Producer APIs: one row per API, its current state (versions are kept in catalog_api_versions).
CREATE TABLE catalog_apis (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug                   text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
  producer_siret         char(14) NOT NULL REFERENCES organisations (siret),
  title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description            text NOT NULL DEFAULT '',
  version                text,
  lifecycle              text NOT NULL DEFAULT 'draft' CHECK (lifecycle IN ('draft', 'published', 'deprecated', 'retired')),
  sunset_date            date,
  deprecation_notice     text,
  access                 text NOT NULL CHECK (access IN ('open', 'restricted')),
  sensitivity            text NOT NULL CHECK (sensitivity IN ('standard', 'sensitive', 'highly_sensitive')),
  subject_kind           text NOT NULL CHECK (subject_kind IN ('person', 'company', 'none')),
  consent_policy         text NOT NULL CHECK (consent_policy IN ('none', 'legal_basis', 'consent_required')),
  rate_limit_per_minute  integer NOT NULL CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
  connector              jsonb,
  contact                jsonb,
  documentation_url      text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  -- A deprecated API announces its sunset (the notice is returned to callers).
  CHECK (lifecycle <> 'deprecated' OR (sunset_date IS NOT NULL AND deprecation_notice IS NOT NULL)),
  search                 tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('fr_unaccent', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('fr_unaccent', coalesce(slug, '')), 'B') ||
    setweight(to_tsvector('fr_unaccent', coalesce(description, '')), 'C')
  ) STORED
);
CREATE INDEX catalog_apis_producer_idx ON catalog_apis (producer_siret);
CREATE INDEX catalog_apis_search_idx ON catalog_apis USING gin (search);
