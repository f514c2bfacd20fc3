-- Cache invalidation across gateway processes (docs/architecture.md, "Exchange pipeline": contract status checked on every
-- exchange, invalidated within seconds): any change of a contract, its clients or a revoked
-- token is announced with pg_notify, delivered at COMMIT.
CREATE FUNCTION contracts_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('datapedia_contract', NEW.id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER contracts_changed AFTER UPDATE ON contracts
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION contracts_notify_change();
CREATE FUNCTION oauth_clients_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.contract_id IS NOT NULL THEN
    PERFORM pg_notify('datapedia_contract', NEW.contract_id::text);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER oauth_clients_changed AFTER INSERT OR UPDATE ON oauth_clients
  FOR EACH ROW EXECUTE FUNCTION oauth_clients_notify_change();
CREATE FUNCTION revoked_tokens_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('datapedia_token_revoked', NEW.jti);
  RETURN NEW;
END $$;
CREATE TRIGGER revoked_tokens_added AFTER INSERT ON revoked_tokens
  FOR EACH ROW EXECUTE FUNCTION revoked_tokens_notify();
