SELECT state, attempts, next_attempt_at FROM webhook_deliveries WHERE job_id = :jobId
