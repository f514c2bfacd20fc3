-- Subscriptions of instructing administrations to a procedure for a set of territories,
-- approved by the procedure's owner. One row per (subscription, territory) in
-- flow_subscription_territories makes routing one indexed lookup.
CREATE TABLE flow_subscriptions (
  id                uuid PRIMARY KEY,
  procedure_code    text NOT NULL REFERENCES flow_procedures (code),
  subscriber_siret  text NOT NULL CHECK (subscriber_siret ~ '^[0-9]{14}$'),
  subscriber_name   text NOT NULL CHECK (length(subscriber_name) BETWEEN 1 AND 300),
  status            text NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'revoked')),
  delivery_mode     text NOT NULL CHECK (delivery_mode IN ('pull', 'push')),
  webhook_url       text,
  created_at        timestamptz NOT NULL,
  approved_at       timestamptz,
  approved_by       jsonb,
  CHECK ((delivery_mode = 'push') = (webhook_url IS NOT NULL))
);
CREATE INDEX flow_subscriptions_subscriber_idx ON flow_subscriptions (subscriber_siret);
CREATE TABLE flow_subscription_territories (
  subscription_id   uuid NOT NULL REFERENCES flow_subscriptions (id),
  procedure_code    text NOT NULL,
  level             text NOT NULL CHECK (level IN ('commune', 'departement', 'region', 'national')),
  code              text NOT NULL,
  PRIMARY KEY (subscription_id, level, code)
);
CREATE INDEX flow_subscription_territories_route_idx ON flow_subscription_territories (procedure_code, level, code);
