-- Dossiers deposited by front offices. The form is sealed at rest (form_sealed, NULL once
-- purged); the person only as subject_ref. Delivery is a lease: a fetched dossier is invisible
-- until visible_at, then back in the inbox unless acknowledged (acked_at, final).
CREATE TABLE flow_dossiers (
  id                  uuid PRIMARY KEY,
  inbox_seq           bigserial NOT NULL UNIQUE,
  procedure_code      text NOT NULL REFERENCES flow_procedures (code),
  subscription_id     uuid NOT NULL REFERENCES flow_subscriptions (id),
  subscriber_siret    text NOT NULL CHECK (subscriber_siret ~ '^[0-9]{14}$'),
  depositor_client_id text NOT NULL CHECK (length(depositor_client_id) BETWEEN 1 AND 200),
  depositor_siret     text CHECK (depositor_siret ~ '^[0-9]{14}$'),
  idempotency_key     text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  request_sha256      text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  commune_code        text NOT NULL,
  subject_ref         text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  subject_kind        text NOT NULL CHECK (subject_kind IN ('person', 'company')),
  form_sealed         text,
  form_sha256         text NOT NULL CHECK (form_sha256 ~ '^[0-9a-f]{64}$'),
  form_size           integer NOT NULL CHECK (form_size >= 0),
  current_status      text CHECK (current_status IN ('received', 'in_progress', 'info_requested', 'accepted', 'rejected', 'closed')),
  deposited_at        timestamptz NOT NULL,
  visible_at          timestamptz,
  delivery_count      integer NOT NULL DEFAULT 0,
  first_delivered_at  timestamptz,
  acked_at            timestamptz,
  purged_at           timestamptz,
  UNIQUE (depositor_client_id, idempotency_key)
);
CREATE INDEX flow_dossiers_inbox_idx ON flow_dossiers (subscriber_siret, inbox_seq) WHERE acked_at IS NULL;
CREATE INDEX flow_dossiers_subject_idx ON flow_dossiers (subject_ref, deposited_at DESC);
CREATE INDEX flow_dossiers_retention_idx ON flow_dossiers (acked_at) WHERE purged_at IS NULL AND acked_at IS NOT NULL;
CREATE TABLE flow_attachments (
  dossier_id   uuid NOT NULL REFERENCES flow_dossiers (id),
  n            integer NOT NULL CHECK (n >= 1),
  filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  media_type   text NOT NULL,
  size         bigint NOT NULL CHECK (size >= 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  purged_at    timestamptz,
  PRIMARY KEY (dossier_id, n)
);
CREATE INDEX flow_attachments_blob_idx ON flow_attachments (sha256) WHERE purged_at IS NULL;
-- Long-polling subscribers and the delivery-lag probe hear of a new dossier at COMMIT.
CREATE FUNCTION flow_dossiers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('datapedia_flows_inbox', NEW.subscription_id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER flow_dossiers_inserted AFTER INSERT ON flow_dossiers
  FOR EACH ROW EXECUTE FUNCTION flow_dossiers_notify();
