-- The `cases` table of 202611231305 is superseded: auditors' cases live in `audit_cases`
-- (audit domain) and the citizen's side of a report in `citizen_reports` (202611231306).
DROP TABLE cases;
