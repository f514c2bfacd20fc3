-- Use cases of the counter (docs/architecture.md, "Counter"): a procedure made simpler because an
-- administration fetches data through Datapedia instead of asking the person for a document.
-- Written by a producer's agent or the operator; visible to the public only once `published`
-- (moderation). API slugs and data elements are checked against the catalogue when written.
CREATE TABLE counter_use_cases (
  id                 uuid PRIMARY KEY,
  slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  title              text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  summary            text NOT NULL CHECK (length(summary) BETWEEN 3 AND 4000),
  administrations    text[] NOT NULL CHECK (cardinality(administrations) BETWEEN 1 AND 20),
  legal_basis        text NOT NULL CHECK (length(legal_basis) BETWEEN 3 AND 500),
  legal_basis_url    text CHECK (legal_basis_url ~ '^https?://' AND length(legal_basis_url) <= 2000),
  -- « Pièces justificatives » the person had to bring before, and those still asked after.
  documents_before   text[] NOT NULL CHECK (cardinality(documents_before) BETWEEN 1 AND 30),
  documents_after    text[] NOT NULL CHECK (cardinality(documents_after) <= 30),
  api_slugs          text[] NOT NULL CHECK (cardinality(api_slugs) BETWEEN 1 AND 20),
  data_elements      text[] NOT NULL CHECK (cardinality(data_elements) <= 100),
  author_siret       char(14) NOT NULL,
  author_sub         text NOT NULL,
  status             text NOT NULL CHECK (status IN ('submitted', 'published', 'rejected')),
  moderation_note    text CHECK (length(moderation_note) <= 2000),
  moderated_by       text,
  moderated_at       timestamptz,
  created_at         timestamptz NOT NULL,
  published_at       timestamptz,
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX counter_use_cases_status_idx ON counter_use_cases (status, published_at DESC);
