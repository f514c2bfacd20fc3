-- An organisation's agents (its admins' page, the last-admin guard): one index range per SIRET.
CREATE INDEX memberships_siret_idx ON memberships (siret, id) WHERE siret IS NOT NULL;
