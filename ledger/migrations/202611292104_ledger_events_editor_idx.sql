-- An editor reads the exchanges it made under delegations (docs/architecture.md, "Delegations"):
-- the exchange event names the editor in detail.delegation.editorSiret.
CREATE INDEX ledger_events_editor_idx ON ledger_events (((detail -> 'delegation') ->> 'editorSiret'), occurred_at DESC, id DESC)
  WHERE detail ? 'delegation';
