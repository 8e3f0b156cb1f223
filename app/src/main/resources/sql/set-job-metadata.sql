UPDATE jobs SET metadata = :#PixMetadataJson, updated_at = CURRENT_TIMESTAMP WHERE job_id = :#PixJobId
