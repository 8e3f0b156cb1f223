-- A task runs only for a job that is still running: a task of a job that failed, finished or was removed is dropped.
UPDATE jobs SET status = 'PROCESSING', updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING')
