UPDATE jobs SET status = :#PixJobStatus, error_message = :#PixErrorMessage, archive_key = :#PixArchiveKey,
                updated_at = CURRENT_TIMESTAMP
WHERE job_id = :#PixJobId
