-- The auditors' case of a reported exchange finds the reports on that exchange not yet linked
-- to it (the case opened later by the audit evaluator from the ledger event).
CREATE INDEX citizen_reports_event_idx ON citizen_reports (event_id);
