-- Pending OpenID Connect logins (authorisation code + PKCE, RFC 7636): state, nonce and code
-- verifier stay server-side, bound to the browser by a short-lived random cookie (hash stored).
CREATE TABLE login_flows (
  id_hash        char(64) PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  kind           text NOT NULL CHECK (kind IN ('agent', 'citizen')),
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL CHECK (return_to ~ '^/([^/\\]|$)'),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX login_flows_expires_at_idx ON login_flows (expires_at);
