-- A job that records outputs is making progress: the recovery sweep leaves it alone. Written only when the last mark is
-- older than :movedSince, so that the outputs of a quick job do not rewrite its row each time.
UPDATE jobs SET updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING') AND updated_at < :movedSince
