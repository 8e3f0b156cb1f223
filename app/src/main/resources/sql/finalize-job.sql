-- Only a running job is finalized: a job already FAILED at dispatch, or finalized by an earlier delivery, stays as it is.
UPDATE jobs SET status = :#PixJobStatus, error_message = :#PixErrorMessage, archive_key = :#PixArchiveKey,
                updated_at = CURRENT_TIMESTAMP
WHERE job_id = :#PixJobId AND status IN ('PENDING', 'PROCESSING')
