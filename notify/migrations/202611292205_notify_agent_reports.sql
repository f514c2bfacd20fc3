-- Notifications to administrations' agents (the producers' monthly usage report): no opt-in
-- row, the professional address of the agent; person_ref is then the SHA-256 of that address.
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
  CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest', 'producer_report'));
