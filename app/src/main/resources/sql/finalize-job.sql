-- Only a running job is finalized: a job already FAILED at dispatch, or finalized by an earlier delivery, stays as it is.
UPDATE jobs SET status = :status, error_message = :errorMessage, archive_key = :archiveKey,
                updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING')
