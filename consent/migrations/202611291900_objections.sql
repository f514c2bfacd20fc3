-- Objections to proactive exchanges (CRPA L114-8 II): a person objects to an API, to every API
-- of a producer, or to a consumer fetching data about them, for some data elements or all.
-- Immutable and versioned like consents: withdrawing is a new version; no reason is stored
-- (the law asks none, and the consumer must never learn why). Subject as subject_ref only.
CREATE TABLE objections (
  id             uuid NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  subject_ref    text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  target_kind    text NOT NULL CHECK (target_kind IN ('api', 'producer', 'consumer')),
  -- An API slug, or the SIRET of the producer or of the consumer.
  target         text NOT NULL CHECK (length(target) BETWEEN 1 AND 200),
  -- Empty: every data element.
  data_elements  text[] NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('active', 'withdrawn')),
  actor          jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (id, version),
  CHECK (target_kind = 'api' OR target ~ '^[0-9]{14}$')
);
CREATE INDEX objections_subject_idx ON objections (subject_ref, id, version DESC);
CREATE TRIGGER objections_no_update_delete BEFORE UPDATE OR DELETE ON objections
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();
CREATE TRIGGER objections_no_truncate BEFORE TRUNCATE ON objections
  FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_change();
-- Same channel as consents: a new objection version drops the subject's cached state in every
-- gateway at COMMIT.
CREATE TRIGGER objections_changed AFTER INSERT ON objections
  FOR EACH ROW EXECUTE FUNCTION consents_notify_change();
