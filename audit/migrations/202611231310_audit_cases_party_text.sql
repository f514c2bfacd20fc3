-- Parties of a case as plain text: they are copied from ledger rows (text columns), so a value
-- the rules read must never make the evaluator's transaction fail on a length check.
ALTER TABLE audit_cases ALTER COLUMN consumer_siret TYPE text, ALTER COLUMN producer_siret TYPE text;
