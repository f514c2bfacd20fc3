-- An organisation's admin invited an agent: the invitation e-mail goes to the invited
-- professional address, without an opt-in row (like the other agents' notifications).
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
  CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest', 'producer_report', 'need_answered', 'agent_invitation'));
