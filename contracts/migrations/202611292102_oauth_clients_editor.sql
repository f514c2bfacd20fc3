-- An editor's OAuth client (one per editor while enabled) belongs to its organisation, not to a
-- contract: the contract comes from the delegation named at token or call time. Optional
-- address ranges (CIDR) bound where the editor may call from.
ALTER TABLE oauth_clients ADD COLUMN editor_siret char(14) REFERENCES organisations (siret);
ALTER TABLE oauth_clients ADD COLUMN ip_allowlist text[] NOT NULL DEFAULT '{}';
ALTER TABLE oauth_clients DROP CONSTRAINT oauth_clients_check1;
ALTER TABLE oauth_clients ADD CONSTRAINT oauth_clients_owner_check
  CHECK (num_nonnulls(contract_id, producer_siret, editor_siret) = 1);
CREATE UNIQUE INDEX oauth_clients_editor_idx ON oauth_clients (editor_siret) WHERE editor_siret IS NOT NULL AND disabled_at IS NULL;
