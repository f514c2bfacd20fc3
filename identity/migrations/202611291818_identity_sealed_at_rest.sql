-- The embedded OpenID provider's secrets at rest (docs/architecture.md, Identity): its private
-- JWKS is sealed (AES-256-GCM under KEY_ENCRYPTION_SECRET, like Datapedia's signing keys); a key
-- set still in clear is sealed by the next process that loads it, which then clears `jwks`.
ALTER TABLE idp_keys ALTER COLUMN jwks DROP NOT NULL;
ALTER TABLE idp_keys ADD COLUMN sealed text;
ALTER TABLE idp_keys ADD CONSTRAINT idp_keys_one_form CHECK ((jwks IS NULL) <> (sealed IS NULL));
-- Its artefacts (sessions, interactions, grants, codes, access tokens) are found by a keyed hash
-- of their id (the id of a code or an opaque token is the token itself) and their payload is
-- sealed. They live minutes to hours: the ones stored in clear are dropped (people log in again).
DELETE FROM oidc_artefacts;
ALTER TABLE oidc_artefacts DROP COLUMN payload;
ALTER TABLE oidc_artefacts ADD COLUMN sealed text NOT NULL;
COMMENT ON COLUMN oidc_artefacts.id IS 'HMAC-SHA256 of the artefact id (base64url), never the id itself';
