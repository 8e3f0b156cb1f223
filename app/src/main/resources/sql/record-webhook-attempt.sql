INSERT INTO webhook_attempts (job_id, attempt, attempted_at, outcome, http_status, error_message, duration_ms)
SELECT :jobId, COALESCE(MAX(attempt), 0) + 1, CURRENT_TIMESTAMP, :outcome,
       CAST(:httpStatus AS INTEGER), CAST(:errorMessage AS TEXT), :durationMs
FROM webhook_attempts WHERE job_id = :jobId
