-- The notification outbox: written in the transaction of what it announces, sent at least once
-- by any gateway's sender. `notification_key` dedupes (a second enqueue of the same key is a
-- no-op) and gives the e-mail its Message-ID. A sender claims due rows with FOR UPDATE SKIP
-- LOCKED and a lease (`claimed_until`): a sender that dies leaves its rows to another once the
-- lease ends. Failures retry with exponential back-off (`next_attempt_at`) until `dead`.
-- 'held': waiting for the person's daily digest; 'digested': folded into a digest row.
CREATE TABLE notify_outbox (
  id                uuid PRIMARY KEY,
  notification_key  text NOT NULL UNIQUE CHECK (length(notification_key) BETWEEN 1 AND 300),
  person_ref        text NOT NULL CHECK (person_ref ~ '^[0-9a-f]{64}$'),
  kind              text NOT NULL CHECK (kind IN ('data_obtained', 'consent_request', 'dossier_status', 'digest')),
  recipient         text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
  status            text NOT NULL CHECK (status IN ('held', 'pending', 'sent', 'digested', 'dead')),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at   timestamptz NOT NULL,
  claimed_until     timestamptz,
  claimed_by        text,
  last_error        text,
  digest_id         uuid REFERENCES notify_outbox (id),
  created_at        timestamptz NOT NULL,
  sent_at           timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK ((status = 'digested') = (digest_id IS NOT NULL))
);
CREATE INDEX notify_outbox_due_idx ON notify_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notify_outbox_held_idx ON notify_outbox (next_attempt_at, person_ref) WHERE status = 'held';
CREATE INDEX notify_outbox_digest_idx ON notify_outbox (digest_id) WHERE digest_id IS NOT NULL;
