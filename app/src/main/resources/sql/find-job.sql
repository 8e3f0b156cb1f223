SELECT job_id, owner, status, operations, operation_params, webhook_url, source_name, source_format,
       source_bytes, source_width, source_height, metadata, archive_key, error_message, created_at, updated_at, expires_at
FROM jobs
WHERE job_id = :#PixJobId AND expires_at > CURRENT_TIMESTAMP AND status <> 'ACCEPTING'
