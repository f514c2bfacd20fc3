-- Roles of agents, kept by Datapedia (not by the identity provider). An agent is named by the
-- issuer and subject of their identity provider; `sub` may be unknown when a role is granted
-- ahead of the first login (ProConnect subjects are pairwise), then the verified e-mail matches.
-- siret NULL: platform-wide roles (auditor, admin); otherwise roles within that organisation.
CREATE TABLE memberships (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issuer      text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
  sub         text CHECK (sub IS NULL OR length(sub) BETWEEN 1 AND 255),
  email       text CHECK (email IS NULL OR email = lower(email)),
  siret       char(14) CHECK (siret IS NULL OR siret ~ '^[0-9]{14}$'),
  roles       text[] NOT NULL CHECK (cardinality(roles) > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (sub IS NOT NULL OR email IS NOT NULL),
  CHECK (
    (siret IS NOT NULL AND roles <@ ARRAY['applicant', 'instructor', 'dpo', 'admin']::text[])
    OR (siret IS NULL AND roles <@ ARRAY['auditor', 'admin']::text[])
  )
);
CREATE UNIQUE INDEX memberships_identity_org_idx ON memberships (issuer, coalesce(sub, ''), coalesce(email, ''), coalesce(siret, ''));
CREATE INDEX memberships_sub_idx ON memberships (issuer, sub);
CREATE INDEX memberships_email_idx ON memberships (issuer, email);
