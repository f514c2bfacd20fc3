-- Read paths of the audit console over the ledger (a read model; the table belongs to ledger/):
-- an auditor's own actions ("watching the watchers"). Partial: only audit.read rows are indexed,
-- so the exchange hot path pays nothing.
CREATE INDEX audit_ledger_reads_actor_idx ON ledger_events ((actor->>'id'), occurred_at DESC, id DESC) WHERE type = 'audit.read';
