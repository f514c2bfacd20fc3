-- The ledger's chains (one per gateway process), for the domains that tail every chain.
CREATE VIEW ledger_chain_ids AS
  SELECT chain_id FROM ledger_chains;
