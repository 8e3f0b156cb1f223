UPDATE jobs SET status = 'FAILED', error_message = :#PixErrorMessage, updated_at = CURRENT_TIMESTAMP
WHERE job_id = :#PixJobId AND status IN ('PENDING', 'PROCESSING')
