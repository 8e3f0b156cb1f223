-- Dispatch failed: the job cannot run, and its Idempotency-Key is freed so that the client can retry with it.
UPDATE jobs SET status = 'FAILED', error_message = :#PixErrorMessage, idempotency_key = NULL, updated_at = CURRENT_TIMESTAMP
WHERE job_id = :#PixJobId
