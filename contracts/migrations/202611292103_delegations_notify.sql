-- Cache invalidation across gateway processes, as for contracts (migration contract_notify):
-- any change of a delegation, or of an editor's client, is announced on datapedia_delegation
-- with the editor's SIRET, delivered at COMMIT; each process drops its cached delegations.
CREATE FUNCTION delegations_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('datapedia_delegation', NEW.editor_siret);
  RETURN NEW;
END $$;
CREATE TRIGGER delegations_changed AFTER INSERT OR UPDATE ON delegations
  FOR EACH ROW EXECUTE FUNCTION delegations_notify_change();
CREATE FUNCTION oauth_clients_editor_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.editor_siret IS NOT NULL THEN
    PERFORM pg_notify('datapedia_delegation', NEW.editor_siret);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER oauth_clients_editor_changed AFTER INSERT OR UPDATE ON oauth_clients
  FOR EACH ROW EXECUTE FUNCTION oauth_clients_editor_notify_change();
