-- Exactly one sweep claims a stuck job: the update moves it out of "stuck" for another threshold period.
UPDATE jobs SET updated_at = CURRENT_TIMESTAMP, recovery_attempts = recovery_attempts + 1
WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING') AND updated_at < :before
