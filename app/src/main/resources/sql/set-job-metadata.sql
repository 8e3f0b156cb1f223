UPDATE jobs SET metadata = :metadata, updated_at = CURRENT_TIMESTAMP WHERE job_id = :jobId
