-- OAuth2 clients of validated contracts (RFC 6749 §2): client_secret_basic (scrypt hashes,
-- several during a rotation overlap) or private_key_jwt (RFC 7523, the consumer's JWKS).
CREATE TABLE oauth_clients (
  client_id     text PRIMARY KEY CHECK (client_id ~ '^dp_[A-Za-z0-9_-]{16,64}$'),
  -- A consumer's client belongs to a contract; a producer's client (introspection, RFC 7662) to its organisation.
  contract_id   uuid REFERENCES contracts (id),
  producer_siret char(14) REFERENCES organisations (siret),
  auth_method   text NOT NULL CHECK (auth_method IN ('client_secret_basic', 'private_key_jwt')),
  jwks          jsonb,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz,
  CHECK ((auth_method = 'private_key_jwt') = (jwks IS NOT NULL)),
  CHECK ((contract_id IS NULL) <> (producer_siret IS NULL))
);
CREATE INDEX oauth_clients_contract_idx ON oauth_clients (contract_id);
CREATE TABLE oauth_client_secrets (
  id            bigserial PRIMARY KEY,
  client_id     text NOT NULL REFERENCES oauth_clients (client_id),
  secret_hash   text NOT NULL,
  created_at    timestamptz NOT NULL,
  -- NULL: valid until replaced; set on rotation to the end of the overlap period.
  expires_at    timestamptz
);
CREATE INDEX oauth_client_secrets_client_idx ON oauth_client_secrets (client_id);
-- RFC 7523 §3 (7): a client assertion's jti is used once.
CREATE TABLE oauth_assertion_jtis (
  client_id     text NOT NULL,
  jti           text NOT NULL,
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
