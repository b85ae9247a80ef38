-- Marketing consent lapses a configured time after it was given (the re-permission journey
-- writes `Consent Expired` then), so the row says when the consent in force was given:
-- `granted_at`, null while not granted. A renewal is a new grant and re-dates it. An email
-- subscription awaiting its double opt-in confirmation is not granted; `pending_since` says
-- since when it waits. Backfilled from the log: a granted row's `changed_at` is the time of
-- the Consent Granted event that set it.
alter table consent add column granted_at timestamptz, add column pending_since timestamptz;

update consent set granted_at = changed_at where granted;
