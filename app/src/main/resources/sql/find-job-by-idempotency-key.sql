SELECT job_id, status, request_fingerprint
FROM jobs
WHERE idempotency_key = :#PixIdempotencyKey AND expires_at > CURRENT_TIMESTAMP
