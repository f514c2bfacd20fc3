-- Software editors (éditeurs) are organisations too, identified by SIRET: they act for the
-- administrations that delegate a contract to them (docs/architecture.md, "Delegations").
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
  CHECK (kind IN ('administration_centrale', 'service_deconcentre', 'operateur', 'organisme_social', 'collectivite', 'autre', 'editor'));
