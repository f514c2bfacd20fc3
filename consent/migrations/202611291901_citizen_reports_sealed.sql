-- A report's message is sealed at rest (AES-256-GCM, schemas/key-sealer.ts, purpose
-- `report-messages`, the report id as additional data) and its SHA-256 is what the ledger
-- carries. `message` stays only for the reports filed before sealing (NULL afterwards).
-- `confirmed_at`: the citizen confirmed the report on its confirmation step.
ALTER TABLE citizen_reports
  ALTER COLUMN message DROP NOT NULL,
  ADD COLUMN message_sealed text,
  ADD COLUMN message_sha256 text CHECK (message_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN confirmed_at timestamptz,
  ADD CONSTRAINT citizen_reports_one_message CHECK ((message IS NULL) <> (message_sealed IS NULL));
CREATE INDEX citizen_reports_case_idx ON citizen_reports (audit_case_id) WHERE audit_case_id IS NOT NULL;
