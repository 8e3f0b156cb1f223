-- A task starts: the job is PROCESSING, and has moved. A job that is already PROCESSING and moved since :movedSince is
-- left as it is (no write): the recovery sweep only needs to know that it moved within pixtools.jobs.stuck-after.
UPDATE jobs SET status = 'PROCESSING', updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND (status = 'PENDING' OR (status = 'PROCESSING' AND updated_at < :movedSince))
