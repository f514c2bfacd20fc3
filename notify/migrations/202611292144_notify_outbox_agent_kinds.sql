-- Notifications to administrations' agents at their professional address, without an opt-in
-- row: the producers' monthly usage report (`producer_report`), and the answer to a data need
-- declared on the counter (`need_answered`, to the address the requester gave for that need).
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
  CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest', 'producer_report', 'need_answered'));
