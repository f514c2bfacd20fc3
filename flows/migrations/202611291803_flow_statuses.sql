-- Statuses posted by the instructing administration; `seq` is the front office's cursor. The
-- message for the person is sealed at rest. flow_person_notifications is the outbox of the
-- notifications owed to the person until a notification domain sends them.
CREATE TABLE flow_statuses (
  seq          bigserial PRIMARY KEY,
  dossier_id   uuid NOT NULL REFERENCES flow_dossiers (id),
  status       text NOT NULL CHECK (status IN ('received', 'in_progress', 'info_requested', 'accepted', 'rejected', 'closed')),
  message_sealed text,
  author       jsonb NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX flow_statuses_dossier_idx ON flow_statuses (dossier_id, seq);
CREATE TABLE flow_person_notifications (
  id           bigserial PRIMARY KEY,
  subject_ref  text NOT NULL CHECK (subject_ref ~ '^[0-9a-f]{64}$'),
  dossier_id   uuid NOT NULL REFERENCES flow_dossiers (id),
  status_seq   bigint NOT NULL REFERENCES flow_statuses (seq),
  created_at   timestamptz NOT NULL,
  sent_at      timestamptz
);
CREATE INDEX flow_person_notifications_pending_idx ON flow_person_notifications (id) WHERE sent_at IS NULL;
