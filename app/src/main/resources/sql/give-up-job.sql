UPDATE jobs SET status = 'FAILED', error_message = :errorMessage, updated_at = CURRENT_TIMESTAMP
WHERE job_id = :jobId AND status IN ('PENDING', 'PROCESSING')
