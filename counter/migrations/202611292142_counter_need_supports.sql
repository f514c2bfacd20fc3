-- Other administrations' support of a need: one row per organisation.
CREATE TABLE counter_need_supports (
  need_id             uuid NOT NULL REFERENCES counter_needs (id) ON DELETE CASCADE,
  organisation_siret  char(14) NOT NULL,
  agent_sub           text NOT NULL,
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (need_id, organisation_siret)
);
