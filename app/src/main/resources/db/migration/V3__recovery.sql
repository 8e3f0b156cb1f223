-- How many times the recovery sweep has re-dispatched a stuck job.
ALTER TABLE jobs ADD COLUMN recovery_attempts INTEGER DEFAULT 0 NOT NULL;
