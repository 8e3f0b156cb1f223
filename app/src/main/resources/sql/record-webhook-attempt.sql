INSERT INTO webhook_attempts (job_id, attempt, attempted_at, outcome, http_status, error_message, duration_ms)
SELECT :#PixJobId, COALESCE(MAX(attempt), 0) + 1, CURRENT_TIMESTAMP, :#PixWebhookOutcome,
       CAST(:#PixWebhookHttpStatus AS INTEGER), CAST(:#PixErrorMessage AS TEXT), :#PixWebhookDurationMs
FROM webhook_attempts WHERE job_id = :#PixJobId
