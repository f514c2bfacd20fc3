-- Wrong client secrets at the token endpoint, counted per (client id, source address) and shared
-- by every gateway: a fixed window opened by the first failure; at the limit, that address is
-- refused for that client until the window ends. One row per pair, updated by an atomic upsert;
-- rows whose window ended are purged by the contracts housekeeping.
CREATE TABLE oauth_auth_failures (
  client_id     text NOT NULL CHECK (length(client_id) <= 120),
  -- An IPv4 address, or the /64 prefix of an IPv6 one (`2001:db8:1:2::/64`).
  source        text NOT NULL CHECK (length(source) <= 64),
  window_start  timestamptz NOT NULL,
  failures      integer NOT NULL CHECK (failures > 0),
  PRIMARY KEY (client_id, source)
);
CREATE INDEX oauth_auth_failures_window_idx ON oauth_auth_failures (window_start);
