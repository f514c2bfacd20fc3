-- Private signing keys (JWKS) of the embedded OpenID provider, generated once and shared by
-- every gateway process and across restarts (development and tests only).
CREATE TABLE idp_keys (
  name        text PRIMARY KEY,
  jwks        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
