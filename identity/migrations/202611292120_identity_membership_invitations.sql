-- Invitations of agents by an organisation's admin (docs/architecture.md, "Identity and access").
-- The invitation IS a membership granted ahead of the first login (sub unknown, e-mail known);
-- this table only says who invited, until when, and when it was bound. While pending, it is NOT
-- matched by e-mail alone: it binds at a login whose verified e-mail is the invited one AND whose
-- provider-asserted organisation (ProConnect `siret` claim) is the membership's.
CREATE TABLE membership_invitations (
  membership_id  bigint PRIMARY KEY REFERENCES memberships (id) ON DELETE CASCADE,
  invited_by     text NOT NULL CHECK (length(invited_by) BETWEEN 1 AND 255),
  invited_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL CHECK (expires_at > invited_at),
  accepted_at    timestamptz,
  CHECK (accepted_at IS NULL OR accepted_at >= invited_at)
);
CREATE INDEX membership_invitations_pending_idx ON membership_invitations (membership_id) WHERE accepted_at IS NULL;
