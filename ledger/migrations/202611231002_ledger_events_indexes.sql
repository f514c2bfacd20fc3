-- Trail queries: newest first per consumer, producer and subject (keyset on occurred_at, id).
CREATE INDEX ledger_events_consumer_idx ON ledger_events (consumer_siret, occurred_at DESC, id DESC) WHERE consumer_siret IS NOT NULL;
CREATE INDEX ledger_events_producer_idx ON ledger_events (producer_siret, occurred_at DESC, id DESC) WHERE producer_siret IS NOT NULL;
CREATE INDEX ledger_events_subject_idx ON ledger_events (subject_ref, occurred_at DESC, id DESC) WHERE subject_ref IS NOT NULL;
-- Audit counts over a period: BRIN (events arrive roughly in time order; tiny and cheap to maintain).
CREATE INDEX ledger_events_occurred_brin ON ledger_events USING brin (occurred_at);
