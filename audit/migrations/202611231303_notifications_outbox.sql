-- Notifications to the contacts of a contract when a case is opened (transactional outbox:
-- written with the case; e-mail delivery is out of scope and reads unsent rows).
CREATE TABLE notifications_outbox (
  id              bigserial PRIMARY KEY,
  case_id         uuid NOT NULL REFERENCES audit_cases (id),
  recipient_email text NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 320),
  recipient_role  text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz
);
CREATE INDEX notifications_outbox_unsent_idx ON notifications_outbox (id) WHERE sent_at IS NULL;
