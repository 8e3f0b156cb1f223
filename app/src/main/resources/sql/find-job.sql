SELECT job_id, owner, status, operations, operation_params, webhook_url, public_base, source_key, source_name, source_format,
       source_bytes, source_width, source_height, idempotency_key, request_fingerprint, metadata, archive_key,
       error_message, recovery_attempts, created_at, updated_at, expires_at
FROM jobs
WHERE job_id = :jobId AND expires_at > CURRENT_TIMESTAMP AND status <> 'ACCEPTING'
