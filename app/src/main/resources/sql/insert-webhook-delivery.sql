-- In the transaction that finishes the job: its webhook is due at once. A job finished twice keeps its one delivery.
INSERT INTO webhook_deliveries (job_id, receiver, state, attempts, next_attempt_at, created_at, updated_at)
SELECT j.job_id, :receiver, 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM jobs j
WHERE j.job_id = :jobId AND j.webhook_url IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.job_id = j.job_id)
