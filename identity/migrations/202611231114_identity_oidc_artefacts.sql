-- Artefacts of the embedded OpenID provider (oidc-provider adapter): sessions, interactions,
-- grants, authorisation codes, access tokens... one row per (model, id), expired rows ignored.
CREATE TABLE oidc_artefacts (
  model        text NOT NULL,
  id           text NOT NULL,
  payload      jsonb NOT NULL,
  grant_id     text,
  user_code    text,
  uid          text,
  consumed_at  timestamptz,
  expires_at   timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_artefacts_grant_idx ON oidc_artefacts (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_artefacts_uid_idx ON oidc_artefacts (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_artefacts_user_code_idx ON oidc_artefacts (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_artefacts_expires_idx ON oidc_artefacts (expires_at);
