-- Front offices that asked to be pushed their dossiers' statuses (instead of polling with a
-- cursor), and the outbox of those pushes: retried with back-off, dead after the last attempt.
CREATE TABLE flow_front_office_webhooks (
  client_id    text PRIMARY KEY CHECK (length(client_id) BETWEEN 1 AND 200),
  webhook_url  text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE TABLE flow_status_pushes (
  status_seq       bigint PRIMARY KEY REFERENCES flow_statuses (seq),
  client_id        text NOT NULL REFERENCES flow_front_office_webhooks (client_id),
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX flow_status_pushes_due_idx ON flow_status_pushes (next_attempt_at) WHERE state = 'pending';
