-- Representatives: a person acts for another (parent of a minor, court-appointed guardian) or
-- for a company (legal representative) under a mandate declared by the operator or an
-- authorised producer and accepted by the representative. Immutable versions: every change
-- (accepted, refused, revoked) is a new row. Both parties as subject_ref only.
CREATE TABLE mandates (
  id                  uuid NOT NULL,
  version             integer NOT NULL CHECK (version >= 1),
  representative_ref  text NOT NULL CHECK (representative_ref ~ '^[0-9a-f]{64}$'),
  represented_ref     text NOT NULL CHECK (represented_ref ~ '^[0-9a-f]{64}$'),
  represented_kind    text NOT NULL CHECK (represented_kind IN ('person', 'company')),
  kind                text NOT NULL CHECK (kind IN ('parent_of_minor', 'guardian', 'company_legal_representative')),
  -- A reference to the evidence (court decision number, civil-status record), not the evidence.
  evidence_ref        text NOT NULL CHECK (length(evidence_ref) BETWEEN 1 AND 200),
  valid_from          timestamptz NOT NULL,
  valid_until         timestamptz NOT NULL CHECK (valid_until > valid_from),
  status              text NOT NULL CHECK (status IN ('declared', 'accepted', 'refused', 'revoked')),
  declared_by         jsonb NOT NULL,
  actor               jsonb NOT NULL,
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (id, version),
  CHECK (representative_ref <> represented_ref),
  CHECK ((kind = 'company_legal_representative') = (represented_kind = 'company'))
);
CREATE INDEX mandates_representative_idx ON mandates (representative_ref, id, version DESC);
CREATE INDEX mandates_represented_idx ON mandates (represented_ref, id, version DESC);
CREATE TRIGGER mandates_no_update_delete BEFORE UPDATE OR DELETE ON mandates
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();
CREATE TRIGGER mandates_no_truncate BEFORE TRUNCATE ON mandates
  FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_change();
