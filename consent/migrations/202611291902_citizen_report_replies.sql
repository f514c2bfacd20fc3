-- The auditor's conclusion written for the citizen who reported (sealed like the message);
-- append-only versions, the latest is shown. Never in the ledger (the event carries its digest).
CREATE TABLE citizen_report_replies (
  report_id      uuid NOT NULL REFERENCES citizen_reports (id),
  version        integer NOT NULL CHECK (version >= 1),
  reply_sealed   text NOT NULL,
  reply_sha256   text NOT NULL CHECK (reply_sha256 ~ '^[0-9a-f]{64}$'),
  author         jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (report_id, version)
);
CREATE TRIGGER citizen_report_replies_no_update_delete BEFORE UPDATE OR DELETE ON citizen_report_replies
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();
