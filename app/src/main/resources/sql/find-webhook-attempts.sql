SELECT attempt, attempted_at, outcome, http_status, error_message, duration_ms
FROM webhook_attempts
WHERE job_id = :jobId
ORDER BY attempt
