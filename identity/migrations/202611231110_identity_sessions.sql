-- Web sessions of people (agents, citizens). The cookie carries a random id; only its SHA-256
-- is stored, so a read of this table does not yield usable sessions. `principal` is the
-- identity established at login (claims and subject reference); agents' roles are read from
-- `memberships` at each request so a withdrawn role applies at once.
CREATE TABLE sessions (
  id_hash     char(64) PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  kind        text NOT NULL CHECK (kind IN ('agent', 'citizen')),
  issuer      text NOT NULL,
  sub         text NOT NULL,
  principal   jsonb NOT NULL,
  csrf_token  text NOT NULL CHECK (length(csrf_token) >= 32),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL CHECK (expires_at > created_at)
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_subject_idx ON sessions (issuer, sub);
