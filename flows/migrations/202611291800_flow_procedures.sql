-- Procedures (démarches) declared by the operator: the form's JSON Schema, the attachments
-- allowed, the finest territory level a subscription may target, the dictionary elements the
-- instructing administration may fetch through the exchange instead of asking, the retention.
CREATE TABLE flow_procedures (
  code              text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  owner_siret       text NOT NULL CHECK (owner_siret ~ '^[0-9]{14}$'),
  form_schema       jsonb NOT NULL,
  attachment_rules  jsonb NOT NULL,
  routing_level     text NOT NULL CHECK (routing_level IN ('commune', 'departement', 'region', 'national')),
  data_elements     text[] NOT NULL DEFAULT '{}',
  retention_days    integer NOT NULL CHECK (retention_days BETWEEN 0 AND 36500),
  status            text NOT NULL CHECK (status IN ('active', 'retired')),
  created_at        timestamptz NOT NULL
);
