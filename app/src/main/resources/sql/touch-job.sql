-- A job that records outputs is making progress: the recovery sweep leaves it alone.
UPDATE jobs SET updated_at = CURRENT_TIMESTAMP WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING')
