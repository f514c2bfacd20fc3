-- Cache invalidation across gateway processes: every new consent version announces its
-- subject_ref at COMMIT, so a revocation stops exchanges within seconds everywhere.
CREATE FUNCTION consents_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('datapedia_consent', NEW.subject_ref);
  RETURN NEW;
END $$;
CREATE TRIGGER consents_changed AFTER INSERT ON consents
  FOR EACH ROW EXECUTE FUNCTION consents_notify_change();
