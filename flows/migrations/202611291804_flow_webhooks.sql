-- Push deliveries: one row per dossier to push to a subscriber's webhook, retried with
-- exponential back-off, dead-lettered (state 'dead') after the last attempt.
CREATE TABLE flow_webhook_deliveries (
  dossier_id       uuid PRIMARY KEY REFERENCES flow_dossiers (id),
  subscription_id  uuid NOT NULL REFERENCES flow_subscriptions (id),
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX flow_webhook_deliveries_due_idx ON flow_webhook_deliveries (next_attempt_at) WHERE state = 'pending';
