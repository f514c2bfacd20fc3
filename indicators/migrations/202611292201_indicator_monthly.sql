-- Exchanges per UTC month, producer and API, by outcome category (indicators/outcomes.ts), with
-- the latency histogram of delivered exchanges (indicators/latency.ts). '' stands for an event
-- that named no producer or API. Aggregates only: no subject, no consumer here.
CREATE TABLE indicator_monthly (
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  producer_siret    text NOT NULL,
  api_slug          text NOT NULL,
  delivered         bigint NOT NULL DEFAULT 0,
  not_found         bigint NOT NULL DEFAULT 0,
  timeout           bigint NOT NULL DEFAULT 0,
  provider_failure  bigint NOT NULL DEFAULT 0,
  platform_failure  bigint NOT NULL DEFAULT 0,
  client_mistake    bigint NOT NULL DEFAULT 0,
  refused           bigint NOT NULL DEFAULT 0,
  latency_hist      bigint[] NOT NULL,
  PRIMARY KEY (month, producer_siret, api_slug)
);
