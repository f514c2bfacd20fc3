-- An organisation's history of agents and roles (who invited whom, who changed which role):
-- the `membership.event` rows of one organisation, newest first, without reading other events.
CREATE INDEX ledger_events_membership_org_idx ON ledger_events ((detail ->> 'organisation'), occurred_at DESC, id DESC)
  WHERE type = 'membership.event';
