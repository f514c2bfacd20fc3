-- Contracts (habilitations): one row per consumer x API relationship; the version in force and
-- its status. The request workflow of each version lives in contract_versions.
CREATE TABLE contracts (
  id               uuid PRIMARY KEY,
  consumer_siret   char(14) NOT NULL REFERENCES organisations (siret),
  producer_siret   char(14) NOT NULL REFERENCES organisations (siret),
  api_slug         text NOT NULL CHECK (api_slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  -- pending: nothing validated yet; refused: first version refused.
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'refused', 'active', 'suspended', 'revoked', 'expired')),
  current_version  integer,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contracts_consumer_idx ON contracts (consumer_siret);
CREATE INDEX contracts_producer_idx ON contracts (producer_siret);
