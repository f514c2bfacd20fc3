-- A transactional e-mail that needs no opt-in: an organisation's admin invited an agent (the
-- recipient is the invited professional address; `person_ref` is a digest of it).
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
  CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest', 'agent_invitation'));
