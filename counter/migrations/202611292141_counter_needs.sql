-- Data needs declared by administrations (docs/architecture.md, "Counter"): what data, why,
-- under which legal basis, how much and by when. Public once `published` (moderation), with the
-- producer's or operator's answer. `notify_email` is where the requester asked to be told of
-- the answer: never shown, never in the ledger.
CREATE TABLE counter_needs (
  id                  uuid PRIMARY KEY,
  title               text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  purpose             text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 2000),
  legal_basis         text NOT NULL CHECK (length(legal_basis) BETWEEN 3 AND 500),
  legal_basis_url     text CHECK (legal_basis_url ~ '^https?://' AND length(legal_basis_url) <= 2000),
  expected_volume     text NOT NULL CHECK (length(expected_volume) BETWEEN 1 AND 200),
  deadline            date,
  requester_siret     char(14) NOT NULL,
  requester_sub       text NOT NULL,
  notify_email        text CHECK (length(notify_email) BETWEEN 3 AND 320),
  status              text NOT NULL CHECK (status IN ('submitted', 'published', 'rejected')),
  moderation_note     text CHECK (length(moderation_note) <= 2000),
  moderated_by        text,
  moderated_at        timestamptz,
  -- The latest answer; every answer is in the ledger.
  answer              text CHECK (answer IN ('available', 'planned', 'not_possible')),
  answer_api_slug     text,
  answer_planned_for  date,
  answer_reason       text CHECK (length(answer_reason) <= 2000),
  answered_by_siret   char(14),
  answered_at         timestamptz,
  -- The access request drafted from an « available » answer (one per need).
  request_contract_id uuid,
  created_at          timestamptz NOT NULL,
  published_at        timestamptz,
  CHECK ((status = 'published') = (published_at IS NOT NULL)),
  CHECK (answer IS NULL OR status = 'published'),
  CHECK (answer IS DISTINCT FROM 'available' OR answer_api_slug IS NOT NULL),
  CHECK (answer IS DISTINCT FROM 'planned' OR answer_planned_for IS NOT NULL),
  CHECK (answer IS DISTINCT FROM 'not_possible' OR answer_reason IS NOT NULL)
);
CREATE INDEX counter_needs_status_idx ON counter_needs (status, published_at DESC);
CREATE INDEX counter_needs_requester_idx ON counter_needs (requester_siret);
