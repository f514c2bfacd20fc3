-- An API declared proactive is used to offer a person a benefit they did not ask for (CRPA
-- L114-8 II): allowed only while the person, informed, does not object.
ALTER TABLE catalog_apis ADD COLUMN proactive boolean NOT NULL DEFAULT false;
