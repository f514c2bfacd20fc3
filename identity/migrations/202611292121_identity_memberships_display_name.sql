-- The agent's name as their provider last gave it (given_name usual_name), so that an
-- organisation's admin sees who its agents are; refreshed at each login.
ALTER TABLE memberships ADD COLUMN display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 300);
