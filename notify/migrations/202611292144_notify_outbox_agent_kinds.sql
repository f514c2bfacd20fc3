-- Agents are told when the counter answers a data need they declared (`need_answered`). They
-- gave the address on the need itself, for that need only: no preference row.
ALTER TABLE notify_outbox DROP CONSTRAINT notify_outbox_kind_check;
ALTER TABLE notify_outbox ADD CONSTRAINT notify_outbox_kind_check
  CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest', 'need_answered'));
