SELECT job_id, operations, operation_params, source_key, source_name, recovery_attempts
FROM jobs
WHERE status IN ('PENDING', 'PROCESSING') AND updated_at < :#PixStuckBefore AND expires_at > CURRENT_TIMESTAMP
ORDER BY updated_at
LIMIT :#PixRecoverBatch
