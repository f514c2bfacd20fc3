-- Organisations (administrations), identified by SIRET; SIREN derived.
CREATE TABLE organisations (
  siret       char(14) PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
  siren       char(9) GENERATED ALWAYS AS (substr(siret, 1, 9)) STORED,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  acronym     text CHECK (acronym IS NULL OR length(acronym) BETWEEN 1 AND 30),
  kind        text NOT NULL CHECK (kind IN ('administration_centrale', 'service_deconcentre', 'operateur', 'organisme_social', 'collectivite', 'autre')),
  roles       text[] NOT NULL CHECK (roles <@ ARRAY['producer', 'consumer']::text[]),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_siren_idx ON organisations (siren);
