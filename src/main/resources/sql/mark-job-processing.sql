UPDATE jobs SET status = 'PROCESSING', updated_at = CURRENT_TIMESTAMP
WHERE job_id = :#PixJobId AND status = 'PENDING'
