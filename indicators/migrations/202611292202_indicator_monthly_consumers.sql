-- The same counts per consumer administration (distinct consumers, the producer's monthly
-- report). Consumers are administrations, named in the register of processing; no person here.
CREATE TABLE indicator_monthly_consumers (
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  producer_siret    text NOT NULL,
  api_slug          text NOT NULL,
  consumer_siret    text NOT NULL,
  delivered         bigint NOT NULL DEFAULT 0,
  not_found         bigint NOT NULL DEFAULT 0,
  timeout           bigint NOT NULL DEFAULT 0,
  provider_failure  bigint NOT NULL DEFAULT 0,
  platform_failure  bigint NOT NULL DEFAULT 0,
  client_mistake    bigint NOT NULL DEFAULT 0,
  refused           bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, producer_siret, api_slug, consumer_siret)
);
CREATE INDEX indicator_monthly_consumers_producer_idx ON indicator_monthly_consumers (producer_siret, month);
