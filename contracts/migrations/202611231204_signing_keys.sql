-- Datapedia's own ES256 signing keys: `token` (access tokens, RFC 9068) and `artefact`
-- (signed contracts). The private part is stored encrypted (AES-256-GCM) and never leaves
-- the process; public keys stay published until `publish_until` (last token expired).
CREATE TABLE signing_keys (
  kid            text PRIMARY KEY,
  purpose        text NOT NULL CHECK (purpose IN ('token', 'artefact')),
  public_jwk     jsonb NOT NULL,
  private_enc    text NOT NULL,
  created_at     timestamptz NOT NULL,
  retired_at     timestamptz,
  publish_until  timestamptz
);
-- One active key per purpose.
CREATE UNIQUE INDEX signing_keys_active_idx ON signing_keys (purpose) WHERE retired_at IS NULL;
-- RFC 7009 revoked access tokens (kept until they would have expired anyway).
CREATE TABLE revoked_tokens (
  jti          text PRIMARY KEY,
  client_id    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz NOT NULL
);
