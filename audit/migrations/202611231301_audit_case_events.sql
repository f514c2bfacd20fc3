-- The history of each case: opening, new evidence, status changes (who, when, why). Append-only.
CREATE TABLE audit_case_events (
  id           bigserial PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES audit_cases (id),
  action       text NOT NULL CHECK (action IN ('open', 'evidence', 'investigate', 'close', 'reopen')),
  from_status  text,
  to_status    text NOT NULL,
  actor_sub    text NOT NULL,
  actor_name   text,
  note         text,
  added        integer NOT NULL DEFAULT 0,
  occurred_at  timestamptz NOT NULL
);
CREATE INDEX audit_case_events_case_idx ON audit_case_events (case_id, id);
CREATE FUNCTION audit_case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_case_events is append-only';
END $$;
CREATE TRIGGER audit_case_events_no_change BEFORE UPDATE OR DELETE ON audit_case_events
  FOR EACH ROW EXECUTE FUNCTION audit_case_events_append_only();
